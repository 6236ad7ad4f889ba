#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

#include "capture/decode.hpp"
#include "extract/ingest.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"
#include "station/feed.hpp"
#include "capture/scan_settings.hpp"
#include "station/store.hpp"

namespace sohoa::station {

namespace fs = std::filesystem;

int cmd_ingest(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa ingest PATH... --out DIR [--id ID]\n"
                 "       sohoa ingest --batch ROOT --out DIR\n"
                 "       sohoa ingest --feed FILE|DIR --out DIR\n"
                 "  [--profile FILE] [--workers N] [--no-images] [--store CONNECTION]\n"
                 "Reads the scans of one dossier (the files given, or the files of the folders given) into\n"
                 "DIR/dossier.json; with --batch, every sub-folder of ROOT is one dossier, written to\n"
                 "DIR/<sub-folder>/dossier.json. The prepared document images are written beside it.\n"
                 "DIR/run.json records the pages and seconds of the run (read by `sohoa score`).\n"
                 "With --feed, a fed batch (a multi-page PDF, scans or a folder of them, in order) is first split\n"
                 "into dossiers as `sohoa split` does (pages in DIR/feed/<dossier>/, DIR/feed/split.json: separator\n"
                 "sheets, blank pages dropped) and each dossier is read into DIR/<dossier>/dossier.json.\n"
                 "--store CONNECTION also files each dossier, its scans and its record in the station's store\n"
                 "(a SQLite file, or postgresql:host=… dbname=…).\n";
    return 0;
  }
  const Args args(argv, {"out", "batch", "feed", "id", "profile", "workers", "store"}, {"no-images"});
  std::unique_ptr<Store> store;
  if (const auto file = args.get("store")) store = std::make_unique<Store>(*file);
  const fs::path out = args.require("out");
  extract::IngestOptions options;
  options.workers = static_cast<int>(args.integer("workers", 2, 1, 64));
  const auto scanner_profile = capture::load_scanner_profile(args.get("profile").value_or("default"));
  options.profile = scanner_profile.prepare;
  options.write_images = !args.flag("no-images");
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  options.today_year = local.tm_year + 1900;

  std::vector<extract::DossierJob> jobs;
  if (const auto feed = args.get("feed")) {
    if (!args.positional().empty() || args.get("batch")) throw UsageError("give --feed alone, without --batch or scan paths");
    if (!fs::exists(*feed)) throw UsageError("--feed " + *feed + ": no such file or folder");
    ocr::EnginePool split_engines(1);
    const auto split = split_feed(capture::scan_files({*feed}), out / "feed", split_options(scanner_profile, &split_engines));
    for (const auto& e : split.errors) std::fprintf(stderr, "sohoa ingest: %s\n", e.c_str());
    if (!split.report.is_null())
      std::printf("feed: %d pages, %zu separator sheets, %zu blank pages dropped, %zu dossiers\n", split.report["pages"].get<int>(),
                  split.report["separator_pages"].size(), split.report["blank_pages"].size(), split.dossiers.size());
    for (const auto& d : split.dossiers) jobs.push_back({d.folder, d.pages, out / d.folder});
  } else if (const auto root = args.get("batch")) {
    if (!args.positional().empty()) throw UsageError("give either --batch ROOT or scan paths, not both");
    if (!fs::is_directory(*root)) throw UsageError("--batch " + *root + " is not a folder");
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(*root))
      if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) jobs.push_back({d.filename().string(), capture::scan_files({d.string()}), out / d.filename()});
  } else {
    if (args.positional().empty()) throw UsageError("needs scan files or folders, or --batch ROOT");
    for (const auto& p : args.positional())
      if (!fs::exists(p)) throw UsageError(p + ": no such file or folder");
    const std::string id = args.get("id").value_or(fs::path(args.positional().front()).lexically_normal().filename().string());
    jobs.push_back({id.empty() ? "dossier" : id, capture::scan_files(args.positional()), out});
  }
  int pages = 0, done_count = 0, fields = 0, flagged = 0, failed = 0;
  for (const auto& j : jobs) pages += static_cast<int>(j.files.size());
  std::printf("ingesting %zu dossier(s), %d scan file(s), %d worker(s)\n", jobs.size(), pages, options.workers);
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  extract::ingest(jobs, options, [&](const extract::DossierDone& d) {
    ++done_count;
    fields += d.fields, flagged += d.flagged;
    std::printf("[%d/%zu] %s: %d scans, %d documents, %d fields, %d to review (%.1f s)\n", done_count, jobs.size(),
                d.job->id.c_str(), d.pages, d.documents, d.fields, d.flagged, d.seconds);
    for (const auto& e : d.errors) std::fprintf(stderr, "sohoa ingest: %s: %s\n", d.job->id.c_str(), e.c_str());
    if (store && d.written) {
      std::ifstream in(d.job->out / "dossier.json");
      const auto id = store->create_dossier(d.job->id, "station");
      for (const auto& f : d.job->files) store->add_page(id, f.filename().string(), fs::absolute(f).string(), "station");
      store->save_record(id, Json::parse(in), "station");
    }
    failed += !d.errors.empty();
    std::fflush(stdout);
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::create_directories(out);
  std::ofstream run(out / "run.json");
  run << Json{{"pages", pages}, {"seconds", seconds}, {"workers", options.workers}}.dump(2) << "\n";
  std::printf("%d scans in %.1f s: %.1f pages per minute; %d of %d fields to review\n", pages, seconds,
              seconds > 0 ? pages * 60.0 / seconds : 0.0, flagged, fields);
  return failed ? 1 : 0;
}

}  // namespace sohoa::station
