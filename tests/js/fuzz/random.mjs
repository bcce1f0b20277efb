// The fuzzer's seeded random numbers: xoshiro128** seeded through splitmix32, so a seed (any integer up to
// 2^53) gives the same call sequence on every machine and node version (Math.random cannot be seeded).

function splitmix32(state) {
  let z = (state.x = (state.x + 0x9e3779b9) | 0);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Random {
  constructor(seed) {
    const low = Number(BigInt.asUintN(32, BigInt(seed)));
    const high = Number(BigInt.asUintN(32, BigInt(seed) >> 32n));
    const mix = { x: low ^ Math.imul(high, 0x27d4eb2d) };
    this.s = [splitmix32(mix), splitmix32(mix), splitmix32(mix), splitmix32(mix)];
    if (this.s.every((w) => w === 0)) this.s[0] = 1;
  }

  // The next 32 random bits as an unsigned integer.
  u32() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  float() {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  // An integer in lo..hi (inclusive; both within ±2^53).
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  // True with probability p.
  chance(p) {
    return this.float() < p;
  }

  pick(items) {
    return items[Math.floor(this.float() * items.length)];
  }

  // One of [weight, value] pairs, by weight.
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.float() * total;
    for (const [w, value] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    return pairs[pairs.length - 1][1];
  }

  // A number in [lo, hi).
  uniform(lo, hi) {
    return lo + (hi - lo) * this.float();
  }
}

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}
