// A small deterministic random source: the same seed gives the same numbers on every platform,
// which std::uniform_*_distribution does not promise.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sohoa::synth {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // splitmix64
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int integer(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  double normal() {  // Box-Muller
    const double u1 = uniform() + 1e-12, u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    if (items.empty()) throw std::logic_error("pick from an empty list");
    return items[next() % items.size()];
  }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + integer(0, 9));
    return s;
  }
  // An independent stream derived from this one, so that adding draws in one part of the
  // generator does not shift every later number.
  Rng fork(std::uint64_t salt) { return Rng(next() ^ (salt * 0xD6E8FEB86659FD93ULL)); }
  static Rng stream(std::uint64_t seed, std::uint64_t salt) { return Rng(seed).fork(salt); }

 private:
  std::uint64_t state_;
};

}  // namespace sohoa::synth
