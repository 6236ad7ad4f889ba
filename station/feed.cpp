#include "station/feed.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>

#include "capture/decode.hpp"
#include "capture/page_file.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

extract::SplitOptions split_options(const capture::ScannerProfile& profile, ocr::EnginePool* engines) {
  const capture::ScanSettings scan = profile.scan.value_or(capture::ScanSettings{});
  extract::SplitOptions options;
  options.blank_ink_max = scan.blank_page_ink_max;
  options.separator_patches = scan.separator_patches;
  options.profile = profile.prepare;
  options.engines = engines;
  return options;
}

FeedResult split_feed(const std::vector<fs::path>& files, const fs::path& out, const extract::SplitOptions& options) {
  FeedResult result;
  std::vector<std::unique_ptr<capture::ScanFile>> scans;
  std::vector<std::pair<std::size_t, int>> where;  // batch page -> (file, page in file)
  for (const auto& f : files) {
    try {
      auto s = std::make_unique<capture::ScanFile>(f, options.profile.limits);
      for (int p = 0; p < s->pages(); ++p) where.emplace_back(scans.size(), p);
      scans.push_back(std::move(s));
    } catch (const capture::DecodeError& e) {
      result.errors.push_back(f.filename().string() + ": " + e.what());
      scans.push_back(nullptr);
    }
  }
  auto file_of = [&](int i) { return files[where[static_cast<std::size_t>(i)].first]; };
  auto page = [&](int i) {
    const auto [f, p] = where[static_cast<std::size_t>(i)];
    return scans[f]->read(p);
  };
  extract::BatchSplit split;
  try {
    split = extract::split_batch(static_cast<int>(where.size()), page, options);
  } catch (const capture::DecodeError& e) {
    result.errors.push_back(std::string("a page of the batch cannot be read: ") + e.what());
    return result;
  }

  fs::create_directories(out);
  Json dossiers = Json::array();
  std::set<std::string> used;
  int unnamed = 0;
  for (const auto& d : split.dossiers) {
    std::string folder = d.number.value_or("");
    if (folder.empty()) {
      char name[32];
      std::snprintf(name, sizeof name, "b%03d", ++unnamed);
      folder = name;
    }
    for (int n = 2; used.count(folder); ++n) folder = d.number.value_or("b") + "-" + std::to_string(n);
    used.insert(folder);
    FeedDossier fd{folder, out / folder, {}};
    fs::create_directories(fd.dir);
    Json pages = Json::array();
    for (std::size_t k = 0; k < d.pages.size(); ++k) {
      char name[32];
      std::snprintf(name, sizeof name, "p%02d.jpg", static_cast<int>(k + 1));
      const int i = d.pages[k];
      capture::write_page_jpeg(page(i), fd.dir / name);
      fd.pages.push_back(fd.dir / name);
      pages.push_back({{"batch_page", i + 1}, {"source", file_of(i).filename().string()},
                       {"page", where[static_cast<std::size_t>(i)].second + 1}, {"file", name}});
    }
    dossiers.push_back({{"folder", folder}, {"number", d.number ? Json(*d.number) : Json()}, {"started_by", d.started_by}, {"pages", pages}});
    result.dossiers.push_back(std::move(fd));
  }
  auto one_based = [](const std::vector<int>& v) {
    Json a = Json::array();
    for (int i : v) a.push_back(i + 1);
    return a;
  };
  result.report = {{"schema", "sohoa.split/1"},
                   {"pages", where.size()},
                   {"by_separators", split.by_separators},
                   {"separator_pages", one_based(split.separator_pages)},
                   {"blank_pages", one_based(split.blank_pages)},
                   {"dossiers", dossiers},
                   {"errors", result.errors}};
  std::ofstream report(out / "split.json");
  report << result.report.dump(2) << "\n";
  if (!report) throw std::runtime_error("cannot write " + (out / "split.json").string());
  return result;
}

}  // namespace sohoa::station
