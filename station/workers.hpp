// The station's background work: every page is prepared as soon as it arrives (documents found,
// quality verdict, thumbnail), and every closed dossier is read into its record. Work is found in
// the store, not in memory, so a restart after a crash picks up whatever was left.
#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "capture/profile.hpp"
#include "core/field.hpp"
#include "station/station.hpp"

namespace sohoa::station {

// What the operator sees of a page: its size, the documents found on it and their quality
// verdicts; writes the page's thumbnail (≤320 px wide) and view images (≤2000 px wide, one per
// page of the file: VIEWS/<stem>-<page>.jpg). Throws capture::DecodeError for a bad file.
Json prepare_for_operator(const std::filesystem::path& file, const std::string& source, const capture::PrepareProfile& profile,
                          const std::filesystem::path& thumb, const std::filesystem::path& views, const std::string& stem);

// Two preparers (a page dropped with others still gets its verdict at once) and one reader.
class Workers {
 public:
  explicit Workers(Station& station);
  ~Workers();  // stops and joins
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

 private:
  void prepare_loop();
  void read_loop();
  std::optional<PageRow> claim_page();  // the oldest page to prepare that no other preparer has
  Station& station_;
  std::vector<std::thread> threads_;
  std::mutex claim_mutex_;
  std::set<std::int64_t> claimed_;
};

}  // namespace sohoa::station
