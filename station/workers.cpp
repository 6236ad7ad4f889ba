#include "station/workers.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/decode.hpp"
#include "capture/describe.hpp"
#include "capture/prepare.hpp"
#include "extract/ingest.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

namespace {

void write_scaled(const cv::Mat& image, int max_width, const fs::path& file) {
  cv::Mat out = image;
  if (image.cols > max_width) {
    const double f = static_cast<double>(max_width) / image.cols;
    cv::resize(image, out, {}, f, f, cv::INTER_AREA);
  }
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, 85});
  write_durably(file, std::string(bytes.begin(), bytes.end()));
}

int current_year() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

}  // namespace

Json prepare_for_operator(const fs::path& file, const std::string& source, const capture::PrepareProfile& profile,
                          const fs::path& thumb, const fs::path& views, const std::string& stem) {
  const capture::ScanFile scan(file, profile.limits);
  Json info = {{"pages", scan.pages()}, {"sizes", Json::array()}, {"documents", Json::array()}};
  bool ok = true;
  std::string verdict;
  for (int p = 0; p < scan.pages(); ++p) {
    const auto page = scan.read(p);
    info["sizes"].push_back({page.image.cols, page.image.rows});
    if (p == 0) {
      info["width"] = page.image.cols, info["height"] = page.image.rows;
      write_scaled(page.image, 320, thumb);
    }
    write_scaled(page.image, 2000, views / (stem + "-" + std::to_string(p) + ".jpg"));
    const auto docs = capture::prepare_page(page, source, profile);
    for (const auto& d : docs) {
      Json doc = capture::describe(d);
      doc.erase("source");
      doc["quality"] = {{"ok", d.quality.empty()}, {"findings", doc["quality"]}};
      info["documents"].push_back(doc);
      ok = ok && d.quality.empty();
      if (!d.quality.empty()) verdict += (verdict.empty() ? "" : "; ") + capture::verdict_line(d);
    }
  }
  if (info["documents"].empty()) {
    ok = false;
    verdict = "không tìm thấy giấy tờ nào trên trang / no document found on the page";
  }
  info["ok"] = ok;
  info["verdict"] = ok ? "tốt / good" : verdict;
  return info;
}

Workers::Workers(Station& station) : station_(station) {
  for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { prepare_loop(); });
  threads_.emplace_back([this] { read_loop(); });
}

Workers::~Workers() {
  station_.stop();
  for (auto& t : threads_) t.join();
}

std::optional<PageRow> Workers::claim_page() {
  std::lock_guard lock(claim_mutex_);
  for (auto& page : station_.store().pages_to_prepare())
    if (claimed_.insert(page.id).second) return page;
  return std::nullopt;
}

void Workers::prepare_loop() {
  auto& store = station_.store();
  std::uint64_t seen = station_.wakes();
  while (!station_.stopping()) {
    bool did = false;
    while (const auto claimed = claim_page()) {
      const PageRow& page = *claimed;
      const fs::path dir = station_.dossier_dir(page.dossier);
      const std::string stem = std::to_string(page.id);
      try {
        const Json info = prepare_for_operator(page.file, page.source, station_.options().profile, dir / "thumbs" / (stem + ".jpg"),
                                               dir / "views", stem);
        store.set_page_result(page.id, "prepared", info);
      } catch (const std::exception& e) {
        // the reason names what is wrong with the file, not the file (its name may be personal)
        store.set_page_result(page.id, "failed", {{"error", e.what()}, {"ok", false}, {"documents", Json::array()}});
        std::fprintf(stderr, "sohoa serve: page %lld could not be prepared: %s\n", static_cast<long long>(page.id), e.what());
      }
      {
        std::lock_guard lock(claim_mutex_);
        claimed_.erase(page.id);
      }
      did = true;
      if (station_.stopping()) return;
    }
    if (did) station_.wake();  // the reader may be waiting for these pages (this loop goes round once more)
    seen = station_.wait(1.0, seen);
  }
}

void Workers::read_loop() {
  auto& store = station_.store();
  std::uint64_t seen = station_.wakes();
  while (!station_.stopping()) {
    for (const auto& d : store.to_read()) {
      if (station_.stopping()) return;
      std::vector<fs::path> files;
      bool waiting = false;
      for (const auto& p : store.page_rows(d.id)) {
        waiting = waiting || p.status == "received";
        if (p.status == "prepared") files.push_back(p.file);
      }
      if (waiting) continue;  // read once every page is prepared
      const fs::path out = station_.dossier_dir(d.id) / "record";
      const extract::DossierJob job{d.number.empty() ? "d" + std::to_string(d.id) : d.number, files, out};
      extract::IngestOptions options;
      options.workers = 1;  // the other core prepares new pages and answers the screens
      options.profile = station_.options().profile;
      options.today_year = current_year();
      options.write_images = false;
      bool written = false;
      std::string errors;
      try {
        extract::ingest({job}, options, [&](const extract::DossierDone& done) {
          written = done.written;
          for (const auto& e : done.errors) errors += (errors.empty() ? "" : "; ") + e;
        });
        if (written) {
          std::ifstream in(out / "dossier.json");
          store.save_record(d.id, Json::parse(in), "station");
          std::fprintf(stderr, "sohoa serve: dossier %lld read\n", static_cast<long long>(d.id));
        } else {
          store.set_error(d.id, errors.empty() ? "the record could not be written" : errors);
        }
      } catch (const std::exception& e) {
        store.set_error(d.id, e.what());
        std::fprintf(stderr, "sohoa serve: dossier %lld could not be read: %s\n", static_cast<long long>(d.id), e.what());
      }
    }
    seen = station_.wait(2.0, seen);
  }
}

}  // namespace sohoa::station
