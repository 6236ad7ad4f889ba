// Generated dossiers for tests: written to a private temporary folder, removed afterwards.
#pragma once
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/field.hpp"
#include "tools/synth/spec.hpp"
#include "tools/synth/synth.hpp"

namespace sohoa::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("sohoa-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline Json read_json_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return Json::parse(in);
}

// The first seed from `from` whose dossier has this certificate form and card form.
inline std::uint64_t seed_with(const std::string& cert_form, const std::string& card_form, std::uint64_t from = 1) {
  for (std::uint64_t s = from;; ++s) {
    const auto d = synth::dossier_spec("t", s, false);
    if (d.certificate.form != cert_form) continue;
    for (const auto& p : d.people)
      if (p.card_form == card_form) return s;
  }
}

}  // namespace sohoa::testing
