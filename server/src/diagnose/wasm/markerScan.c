// The prefilter's marker scan in WebAssembly SIMD (see ../wasmScan.ts, which
// feeds it): every start of a marker (a byte string some rule or the framing
// cares about) and every ESC byte in a piece of raw log bytes.
//
// Candidates are found 16 bytes at a time in the manner of Teddy (the SIMD
// multi-pattern matcher of Hyperscan): markers are spread over 16 buckets (two
// groups of 8, a bit per bucket in a byte), and for each of a marker's first
// FP bytes two 16-entry tables per group, indexed by the byte's low and its high
// nibble, hold the bit of every bucket with a marker having a byte with that
// nibble there (past a shorter marker's end, every nibble). A position whose FP
// bytes pass all the lookups (byte shuffles) for some bucket is a candidate;
// most positions of a build log pass none, so most 16-byte blocks cost a few
// dozen vector instructions and no branch taken. A candidate is then checked
// exactly: its first four bytes select a chain in a small hash table of
// markers, whose entries are compared byte for byte.
// A bucket's tables pass the product of its markers' nibble sets, so the more
// markers share the 16 buckets the more positions pass: with the rules' ~130
// markers four fingerprint bytes let 4 % of the dense log's positions through;
// with 366 they let 21 % through, and verifying those took two thirds of the
// scan (bench/diagnose/scanCost.ts counts them). Eight bytes, with the
// markers spread by the logs' byte frequencies (wasmScan.ts), let 5 % through:
// the scan alone ≈ 1.3× faster on the dense log though each block costs twice
// the shuffles. Four blocks a step (one branch per 64 bytes) were slower.
//
// No libc, no allocation: the piece, the tables and the hits are static arrays
// whose addresses the host asks for. Built by scripts/build-scan-wasm.mjs.
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

// The host copies at most PIECE bytes to scan plus the longest marker's tail
// after them; PAD more bytes are always readable (the blocks' loads overrun).
#define PIECE (256 * 1024)
#define MAX_MARKER 256
#define PAD 64
#define MAX_HITS 16384
#define MAX_MARKERS 1024
#define POOL (64 * 1024)
#define HASH_BITS 12

static uint8_t piece[PIECE + MAX_MARKER + PAD];
static int32_t hit_pos[MAX_HITS];
static int32_t hit_mask[MAX_HITS];

// Lines remembered for the host: a long build prints the same few `building '…'`
// lines hundreds of thousands of times. A hit of a marker added with `remember`
// says which slot holds exactly its line's bytes (from the hit to the newline)
// and the store count at which that slot was written, so the host reads each
// distinct line once and knows the rest by (slot, count). A count is a double:
// exact far beyond any log (2^53 stores).
#define SLOTS 256
#define MAX_LINE 512
static uint8_t slot_bytes[SLOTS][MAX_LINE + 16];
static int32_t slot_len[SLOTS];
static double slot_gen[SLOTS];
// A remembered line's other hits (after its first byte), found once when the
// line is stored: where the line repeats they are reported from here and the
// scan jumps past its newline. -1: more than MAX_INNER, the line is scanned.
// (The host remembers only when no marker holds a newline, so a hit inside
// the line depends on the line's bytes alone.)
#define MAX_INNER 8
static int32_t slot_inner_n[SLOTS];
static uint16_t slot_inner_at[SLOTS][MAX_INNER];
static int32_t slot_inner_mask[SLOTS][MAX_INNER];
static double stores;
/** Per hit: its remembered line's slot, or -1 (not a remembered marker, or its line ends past the piece or is too long). */
static int32_t hit_slot[MAX_HITS];
static int32_t hit_len[MAX_HITS];
static double hit_gen[MAX_HITS];
static uint8_t pool[POOL];

#ifndef FP
#define FP 8
#endif
#ifndef GROUPS
#define GROUPS 2
#endif
// Teddy tables: lo[g][k][n] / hi[g][k][n] = buckets (of group g, 8 a group) with a marker whose byte k has low / high nibble n.
static uint8_t lo_tab[GROUPS][FP][16];
static uint8_t hi_tab[GROUPS][FP][16];

struct marker {
  uint32_t first4;
  int32_t mask;
  int32_t remember;
  uint32_t off;
  uint32_t len;
  int32_t next;
};
static struct marker markers[MAX_MARKERS];
static int32_t heads[1 << HASH_BITS];
static int32_t n_markers;
static int32_t esc_mask;
/** Set by verify: a marker found there is one whose lines are remembered. */
static int32_t remember_hit;
static int32_t resume_at;

EXPORT("piece_ptr") uint8_t *piece_ptr(void) { return piece; }
EXPORT("pool_ptr") uint8_t *pool_ptr(void) { return pool; }
EXPORT("hit_pos_ptr") int32_t *hit_pos_ptr(void) { return hit_pos; }
EXPORT("hit_mask_ptr") int32_t *hit_mask_ptr(void) { return hit_mask; }
EXPORT("hit_slot_ptr") int32_t *hit_slot_ptr(void) { return hit_slot; }
EXPORT("hit_len_ptr") int32_t *hit_len_ptr(void) { return hit_len; }
EXPORT("hit_gen_ptr") double *hit_gen_ptr(void) { return hit_gen; }
EXPORT("piece_size") int32_t piece_size(void) { return PIECE; }
EXPORT("max_marker") int32_t max_marker(void) { return MAX_MARKER; }
EXPORT("pool_size") int32_t pool_size(void) { return POOL; }
EXPORT("max_markers") int32_t max_markers(void) { return MAX_MARKERS; }
EXPORT("max_hits") int32_t max_hits(void) { return MAX_HITS; }
/** Where the last scan stopped: its `end` when done, else the first position it did not look at (the hits were full). */
EXPORT("buckets") int32_t bucket_count(void) { return 8 * GROUPS; }
EXPORT("fingerprint") int32_t fingerprint(void) { return FP; }
EXPORT("resume") int32_t resume(void) { return resume_at; }

static inline uint32_t load4(const uint8_t *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

static inline uint32_t hash4(uint32_t v) { return (v * 2654435761u) >> (32 - HASH_BITS); }

EXPORT("reset") void reset(int32_t esc) {
  for (int g = 0; g < GROUPS; g++)
    for (int k = 0; k < FP; k++)
      for (int n = 0; n < 16; n++) lo_tab[g][k][n] = hi_tab[g][k][n] = 0;
  for (int h = 0; h < (1 << HASH_BITS); h++) heads[h] = -1;
  n_markers = 0;
  esc_mask = esc;
  for (int i = 0; i < SLOTS; i++) slot_len[i] = -1;
}

/**
 * Adds the marker at pool[off, off + len) (len 4..MAX_MARKER, shorter than FP too) with its rule
 * mask, in Teddy bucket 0..8*GROUPS-1, its lines remembered or not; 0: no room.
 */
EXPORT("add_marker") int32_t add_marker(uint32_t off, uint32_t len, int32_t mask, uint32_t bucket, int32_t remember) {
  if (n_markers >= MAX_MARKERS || len < 4 || len > MAX_MARKER || off + len > POOL || bucket >= 8 * GROUPS) return 0;
  const uint8_t *b = pool + off;
  for (int k = 0; k < FP; k++)
    for (int n = 0; n < 16; n++) {
      // Past a short marker's end its bucket passes every byte (both nibbles' tables hold its bit for all 16).
      if (k < (int)len && n != (b[k] & 15)) continue;
      lo_tab[bucket / 8][k][n] |= (uint8_t)(1u << (bucket % 8));
    }
  for (int k = 0; k < FP; k++)
    for (int n = 0; n < 16; n++) {
      if (k < (int)len && n != (b[k] >> 4)) continue;
      hi_tab[bucket / 8][k][n] |= (uint8_t)(1u << (bucket % 8));
    }
  struct marker *m = &markers[n_markers];
  m->first4 = load4(b);
  m->mask = mask;
  m->remember = remember;
  m->off = off;
  m->len = len;
  uint32_t h = hash4(m->first4);
  m->next = heads[h];
  heads[h] = n_markers++;
  return 1;
}

/** The union of the masks of the markers starting at `p` that end by `bound`. */
static inline int32_t verify(const uint8_t *p, const uint8_t *bound) {
  int32_t mask = *p == 27 ? esc_mask : 0;
  uint32_t key = load4(p);
  for (int32_t i = heads[hash4(key)]; i >= 0; i = markers[i].next) {
    const struct marker *m = &markers[i];
    if (m->first4 != key || p + m->len > bound) continue;
    const uint8_t *q = pool + m->off;
    uint32_t k = 4;
    while (k < m->len && p[k] == q[k]) k++;
    if (k == m->len) {
      mask |= m->mask;
      remember_hit |= m->remember;
    }
  }
  return mask;
}

/** Bytes from `p` to its line's newline, or -1 when there is none before `bound` within MAX_LINE bytes. */
static int32_t line_length(const uint8_t *p, const uint8_t *bound) {
  const v128_t nl = wasm_i8x16_const_splat(10);
  for (int32_t i = 0; i <= MAX_LINE && p + i < bound; i += 16) {
    uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p + i), nl));
    if (m) {
      int32_t len = i + __builtin_ctz(m);
      return len <= MAX_LINE && p + len < bound ? len : -1;
    }
  }
  return -1;
}

/** The slot now holding exactly the `len` bytes at `p` (compared, else written there: then *fresh is 1). */
static int32_t remember_line(const uint8_t *p, int32_t len, int32_t *fresh) {
  *fresh = 0;
  uint32_t h = (uint32_t)len * 2654435761u;
  h = (h ^ load4(p + len / 4)) * 2654435761u;
  h = (h ^ load4(p + len / 2)) * 2654435761u;
  h = (h ^ load4(p + len - 4)) * 2654435761u;
  int32_t slot = (int32_t)(h >> 24);
  uint8_t *q = slot_bytes[slot];
  if (slot_len[slot] == len) {
    int32_t i = 0;
    for (; i < len; i += 16) {
      uint32_t same = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p + i), wasm_v128_load(q + i)));
      if (i + 16 > len) same |= 0xffffu << (len - i);
      if ((same & 0xffff) != 0xffff) break;
    }
    if (i >= len) return slot;
  }
  for (int32_t i = 0; i < len; i += 16) wasm_v128_store(q + i, wasm_v128_load(p + i));
  slot_len[slot] = len;
  slot_gen[slot] = ++stores;
  *fresh = 1;
  return slot;
}

struct tables {
  v128_t lo[GROUPS][FP], hi[GROUPS][FP];
};

/** Bit i: position s + i is a candidate (passes some bucket) or holds ESC. */
static inline uint32_t candidates(const struct tables *t, const uint8_t *s) {
  const v128_t nib = wasm_i8x16_const_splat(15);
  v128_t v0 = wasm_v128_load(s);
  // Per group, the buckets every fingerprint byte passes; a candidate passes some bucket of some group.
  v128_t in[GROUPS];
  for (int k = 0; k < FP; k++) {
    v128_t v = k ? wasm_v128_load(s + k) : v0;
    v128_t l = wasm_v128_and(v, nib), h = wasm_u8x16_shr(v, 4);
    for (int g = 0; g < GROUPS; g++) {
      v128_t m = wasm_v128_and(wasm_i8x16_swizzle(t->lo[g][k], l), wasm_i8x16_swizzle(t->hi[g][k], h));
      in[g] = k ? wasm_v128_and(in[g], m) : m;
    }
  }
  v128_t c = in[0];
  for (int g = 1; g < GROUPS; g++) c = wasm_v128_or(c, in[g]);
  v128_t e = wasm_i8x16_eq(v0, wasm_i8x16_const_splat(27));
  if (!wasm_v128_any_true(wasm_v128_or(c, e))) return 0;
  return wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_ne(c, wasm_i8x16_const_splat(0)), e));
}

/** The hits of the `len`-byte line at `line` after its first byte, into the slot's inner hits. */
static void find_inner(const struct tables *t, int32_t slot, const uint8_t *line, int32_t len) {
  int32_t ni = 0;
  for (int32_t q = 1; q < len; q += 16) {
    for (uint32_t bits = candidates(t, line + q); bits; bits &= bits - 1) {
      int32_t at = q + __builtin_ctz(bits);
      if (at >= len) break;
      int32_t mask = verify(line + at, line + len);
      if (!mask) continue;
      if (ni == MAX_INNER) {
        slot_inner_n[slot] = -1;
        return;
      }
      slot_inner_at[slot][ni] = (uint16_t)at;
      slot_inner_mask[slot][ni++] = mask;
    }
  }
  slot_inner_n[slot] = ni;
}

/**
 * Every marker start and ESC at piece[from, end), markers ending by
 * piece[bound] (bound >= end), into hit_pos (plus `base`) / hit_mask,
 * ascending; returns how many. Stops early when the hits are full (see resume).
 */
EXPORT("scan") int32_t scan(int32_t from, int32_t end, int32_t bound, int32_t base) {
  struct tables t;
  for (int g = 0; g < GROUPS; g++)
    for (int k = 0; k < FP; k++) {
      t.lo[g][k] = wasm_v128_load(lo_tab[g][k]);
      t.hi[g][k] = wasm_v128_load(hi_tab[g][k]);
    }
  const uint8_t *bnd = piece + bound;
  int32_t n = 0;
  for (int32_t p = from; p < end;) {
    int32_t next = p + 16;
    for (uint32_t bits = candidates(&t, piece + p); bits; bits &= bits - 1) {
      int32_t at = p + __builtin_ctz(bits);
      if (at >= end) break;
      remember_hit = 0;
      int32_t mask = verify(piece + at, bnd);
      if (!mask) continue;
      int32_t slot = -1, len = 0;
      if (remember_hit && (len = line_length(piece + at, bnd)) >= 4) {
        int32_t fresh;
        slot = remember_line(piece + at, len, &fresh);
        if (fresh) find_inner(&t, slot, piece + at, len);
      }
      // A remembered line whose other hits are known: report them and go on after its newline.
      int32_t inner = slot >= 0 ? slot_inner_n[slot] : -1;
      int32_t room = inner >= 0 ? 1 + inner : 1;
      if (n + room > MAX_HITS) {
        resume_at = at;
        return n;
      }
      hit_pos[n] = base + at;
      hit_mask[n] = mask;
      hit_slot[n] = slot;
      hit_len[n] = len;
      hit_gen[n++] = slot >= 0 ? slot_gen[slot] : 0;
      if (inner < 0) continue;
      // Hits past `end` belong to the next piece, which scans on from there.
      for (int32_t i = 0; i < inner && at + slot_inner_at[slot][i] < end; i++) {
        hit_pos[n] = base + at + slot_inner_at[slot][i];
        hit_mask[n] = slot_inner_mask[slot][i];
        hit_slot[n++] = -1;
      }
      next = at + len + 1;
      break;
    }
    p = next;
  }
  resume_at = end;
  return n;
}
