//! Filling the Argon2 memory (RFC 9106, sections 3.2 to 3.4): passes,
//! slices, segments and the choice of each reference block.
//!
//! Memory is `lanes` rows of `lane_length` blocks; each pass runs 4 slices,
//! and within a slice every lane fills its own segment, in parallel on
//! rayon. The segment being filled is the only memory a lane writes, and no
//! lane reads another lane's current segment (the reference set excludes
//! it), so each slice is split into the lanes' segments (mutable, one per
//! task) and everything else (shared): safe Rust, no locks.

use rayon::prelude::*;

use super::block::{Block, WORDS};
use super::compress::{Compress, Portable};
use super::{Variant, Version};

/// Slices per pass (RFC 9106: SL = 4).
pub(crate) const SYNC_POINTS: usize = 4;

/// Addresses in one pseudo-random address block (data-independent mode).
const ADDRESSES_IN_BLOCK: usize = WORDS;

/// The shape of an Argon2 computation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub(crate) variant: Variant,
    /// 0x10 or 0x13.
    pub(crate) version: Version,
    pub(crate) lanes: usize,
    pub(crate) lane_length: usize,
    pub(crate) passes: usize,
}

impl Geometry {
    fn segment_length(&self) -> usize {
        self.lane_length / SYNC_POINTS
    }

    /// Blocks of memory: m' = 4·p·⌊m / 4p⌋.
    pub(crate) fn block_count(&self) -> usize {
        self.lanes * self.lane_length
    }
}

/// The engines G can be computed with.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Engine {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2(super::avx2::Avx2),
    #[cfg(target_arch = "x86_64")]
    Avx512(super::avx512::Avx512),
}

impl Engine {
    /// The fastest engine this CPU supports.
    pub(crate) fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx512) = super::avx512::Avx512::detect() {
            return Engine::Avx512(avx512);
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = super::avx2::Avx2::detect() {
            return Engine::Avx2(avx2);
        }
        Engine::Portable
    }
}

/// Runs every pass over `memory`, whose first two blocks of each lane are
/// already set.
///
/// Precondition: `memory.len() == geometry.block_count()`, `lane_length` is
/// a multiple of 4 and at least 8, `lanes` and `passes` at least 1.
pub(crate) fn fill(engine: Engine, geometry: &Geometry, memory: &mut [Block]) {
    let segment_length = geometry.segment_length();
    for pass in 0..geometry.passes {
        for slice in 0..SYNC_POINTS {
            let mut before = Vec::with_capacity(geometry.lanes);
            let mut after = Vec::with_capacity(geometry.lanes);
            let mut segments = Vec::with_capacity(geometry.lanes);
            for lane in memory.chunks_exact_mut(geometry.lane_length) {
                let (head, rest) = lane.split_at_mut(slice * segment_length);
                let (segment, tail) = rest.split_at_mut(segment_length);
                before.push(&*head);
                after.push(&*tail);
                segments.push(segment);
            }
            let shared = Shared { before, after };
            let job = |(lane, segment): (usize, &mut [Block])| {
                let position = Position {
                    geometry,
                    pass,
                    slice,
                    lane,
                };
                fill_segment_with(engine, position, segment, &shared);
            };
            if geometry.lanes == 1 {
                segments.into_iter().enumerate().for_each(job);
            } else {
                crate::pool::install(|| segments.into_par_iter().enumerate().for_each(job));
            }
        }
    }
}

/// What every lane may read during one slice: for each lane, the blocks
/// before and after its current segment.
struct Shared<'a> {
    before: Vec<&'a [Block]>,
    after: Vec<&'a [Block]>,
}

/// Where a segment sits in the computation.
#[derive(Clone, Copy)]
struct Position<'a> {
    geometry: &'a Geometry,
    pass: usize,
    slice: usize,
    lane: usize,
}

impl Position<'_> {
    fn data_independent(&self) -> bool {
        match self.geometry.variant {
            Variant::Argon2i => true,
            Variant::Argon2d => false,
            Variant::Argon2id => self.pass == 0 && self.slice < SYNC_POINTS / 2,
        }
    }

    /// The reference block (lane, index within the lane) for block `block`
    /// of this segment, from the pseudo-random value `rand` (RFC 9106,
    /// section 3.4.2).
    #[inline(always)]
    fn reference(&self, block: usize, rand: u64) -> (usize, usize) {
        let geometry = self.geometry;
        let segment_length = geometry.segment_length();
        let ref_lane = if self.pass == 0 && self.slice == 0 {
            self.lane
        } else {
            usize::try_from((rand >> 32) % geometry.lanes as u64).unwrap_or(0)
        };
        // The blocks that may be referenced: all finished blocks of this
        // lane but the previous one; of other lanes, all finished blocks
        // outside the current slice (less the last, for the first block).
        let area = if self.pass == 0 {
            if self.slice == 0 {
                block - 1
            } else if ref_lane == self.lane {
                self.slice * segment_length + block - 1
            } else {
                self.slice * segment_length - usize::from(block == 0)
            }
        } else if ref_lane == self.lane {
            geometry.lane_length - segment_length + block - 1
        } else {
            geometry.lane_length - segment_length - usize::from(block == 0)
        };
        let low = rand & 0xffff_ffff;
        let x = (low * low) >> 32;
        let y = (area as u64 * x) >> 32;
        let relative = area - 1 - usize::try_from(y).unwrap_or(0);
        let start = if self.pass != 0 && self.slice != SYNC_POINTS - 1 {
            (self.slice + 1) * segment_length
        } else {
            0
        };
        (ref_lane, (start + relative) % geometry.lane_length)
    }
}

/// The block at (`lane`, `index`), from this lane's finished part of the
/// segment (`done`) or the shared memory; `None` if the reference set rules
/// guarantee it is never asked for (another lane's current segment, or a
/// block of this segment not yet written).
#[inline(always)]
fn locate<'a>(
    position: &Position<'_>,
    shared: &'a Shared<'_>,
    done: &'a [Block],
    lane: usize,
    index: usize,
) -> Option<&'a Block> {
    let segment_length = position.geometry.segment_length();
    let start = position.slice * segment_length;
    let block = if index < start {
        shared.before.get(lane)?.get(index)?
    } else if index < start + segment_length {
        if lane != position.lane {
            return None;
        }
        done.get(index - start)?
    } else {
        shared
            .after
            .get(lane)?
            .get(index - start - segment_length)?
    };
    Some(block)
}

/// Fills one segment with the given engine: the AVX2 engine's code runs
/// inside `pulp`'s feature-enabled context.
fn fill_segment_with(
    engine: Engine,
    position: Position<'_>,
    segment: &mut [Block],
    shared: &Shared<'_>,
) {
    match engine {
        Engine::Portable => fill_segment(Portable, position, segment, shared),
        #[cfg(target_arch = "x86_64")]
        Engine::Avx2(avx2) => avx2.0.vectorize(SegmentJob {
            engine: avx2,
            position,
            segment,
            shared,
        }),
        #[cfg(target_arch = "x86_64")]
        Engine::Avx512(avx512) => avx512.0.vectorize(SegmentJob {
            engine: avx512,
            position,
            segment,
            shared,
        }),
    }
}

/// [`fill_segment`] as a `pulp` job. A struct rather than a closure: a
/// closure's body is a separate function that would be compiled without
/// the AVX2 (or AVX-512) features.
#[cfg(target_arch = "x86_64")]
struct SegmentJob<'a, 'b, C> {
    engine: C,
    position: Position<'a>,
    segment: &'a mut [Block],
    shared: &'a Shared<'b>,
}

#[cfg(target_arch = "x86_64")]
impl<C: Compress> pulp::NullaryFnOnce for SegmentJob<'_, '_, C> {
    type Output = ();

    #[inline(always)]
    fn call(self) {
        fill_segment(self.engine, self.position, self.segment, self.shared);
    }
}

/// Why [`locate`] cannot fail in [`fill_segment`]: the previous block is
/// in this lane outside the segment or already written, and RFC 9106's
/// reference set excludes the block being written, blocks not yet written
/// and other lanes' current segments. The argon2 crate and the reference
/// implementation index memory on the same invariant.
const OUTSIDE_SEGMENT: &str = "Argon2 reference set excludes unwritten blocks";

/// Fills the blocks of one segment (RFC 9106, section 3.4).
///
/// # Panics
/// Never for any input: see [`OUTSIDE_SEGMENT`].
#[inline(always)]
fn fill_segment<C: Compress>(
    engine: C,
    position: Position<'_>,
    segment: &mut [Block],
    shared: &Shared<'_>,
) {
    let geometry = position.geometry;
    let segment_length = segment.len();
    let start = position.slice * segment_length;
    let lane = position.lane;
    let data_independent = position.data_independent();
    let zero = Block::ZERO;
    let mut input = Block::ZERO;
    let mut addresses = Block::ZERO;
    if data_independent {
        input.0[..6].copy_from_slice(&[
            position.pass as u64,
            lane as u64,
            position.slice as u64,
            geometry.block_count() as u64,
            geometry.passes as u64,
            geometry.variant.type_code().into(),
        ]);
    }
    // The first two blocks of each lane are set from H0.
    let first = if position.pass == 0 && position.slice == 0 {
        2
    } else {
        0
    };
    if data_independent && first != 0 {
        next_addresses(engine, &zero, &mut input, &mut addresses);
    }
    let xor = geometry.version == Version::V0x13 && position.pass != 0;
    // The next block's reference, when the engine reported the first word of
    // the block it was computing and the reference was prefetched from it.
    let mut predicted: Option<(usize, usize)> = None;
    for block in first..segment_length {
        let (done, rest) = segment.split_at_mut(block);
        let Some(current) = rest.first_mut() else {
            return;
        };
        let index = start + block;
        // The previous block: in this segment, or the last block before it
        // (the lane's last block, for the first block of a later pass).
        let previous = match done.last() {
            Some(previous) => previous,
            None => {
                let previous = index.checked_sub(1).unwrap_or(geometry.lane_length - 1);
                locate(&position, shared, done, lane, previous).expect(OUTSIDE_SEGMENT)
            }
        };
        let (ref_lane, ref_index) = match predicted.take() {
            Some(reference) => reference,
            None => {
                let rand = if data_independent {
                    if block % ADDRESSES_IN_BLOCK == 0 {
                        next_addresses(engine, &zero, &mut input, &mut addresses);
                    }
                    addresses.0[block % ADDRESSES_IN_BLOCK]
                } else {
                    previous.0[0]
                };
                position.reference(block, rand)
            }
        };
        let reference =
            locate(&position, shared, done, ref_lane, ref_index).expect(OUTSIDE_SEGMENT);
        let next = block + 1;
        let addresses = &addresses;
        let predicted = &mut predicted;
        engine.compress(previous, reference, current, xor, |first_word| {
            // Not when the segment ends, nor when the next block starts a new
            // address block (not computed yet): the loop works those out.
            if next >= segment_length || (data_independent && next % ADDRESSES_IN_BLOCK == 0) {
                return;
            }
            let rand = if data_independent {
                addresses.0[next % ADDRESSES_IN_BLOCK]
            } else {
                first_word
            };
            let (lane, index) = position.reference(next, rand);
            if let Some(block) = locate(&position, shared, done, lane, index) {
                engine.prefetch(block);
            }
            *predicted = Some((lane, index));
        });
    }
}

/// The next block of pseudo-random addresses: G(0, G(0, input)) after
/// incrementing the input block's counter.
#[inline(always)]
fn next_addresses<C: Compress>(engine: C, zero: &Block, input: &mut Block, addresses: &mut Block) {
    input.0[6] = input.0[6].wrapping_add(1);
    let mut first = Block::ZERO;
    engine.compress(zero, input, &mut first, false, |_| {});
    engine.compress(zero, &first, addresses, false, |_| {});
}
