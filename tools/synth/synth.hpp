// `sohoa synth`: generates scanned dossiers with their ground truth.
//
// Each dossier folder holds the scans (p01.jpg, p02.png, …, in shuffled order), `truth.json`
// in the `sohoa.dossier/1` shape with plain values as leaves, and `geometry.json`, which says where
// each document and each field lies on each scan (corners, angle, field boxes) for the
// page-preparation and extraction benchmarks.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/field.hpp"

namespace sohoa::synth {

struct SynthOptions {
  std::filesystem::path out;
  int dossiers = 1;
  std::uint64_t seed = 1;
  bool hard = false;
  int threads = 2;
  // a field path ("parcel.map_sheet") whose printed value is covered by an ink blot on every
  // scan; truth.json keeps the real value: a field the station cannot read, for tests
  std::string smudge;
};

struct DossierWritten {
  std::string id;
  int scans = 0;
  int documents = 0;
};

// Writes out/<dossier id>/…; the same options give the same bytes. `progress` is called once per
// dossier, from any worker thread but never concurrently.
void synthesize(const SynthOptions& options, const std::function<void(const DossierWritten&)>& progress);

// The description a dossier of this seed is drawn from (what synthesize_dossier renders).
struct DossierSpec;
DossierSpec dossier_spec(const std::string& id, std::uint64_t seed, bool hard);

// One dossier: writes its scans, truth.json and geometry.json into dir; returns the truth.
Json synthesize_dossier(const std::string& id, std::uint64_t seed, bool hard, const std::filesystem::path& dir,
                        const std::string& smudge = "");

}  // namespace sohoa::synth
