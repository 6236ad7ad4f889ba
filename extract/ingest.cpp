#include "extract/ingest.hpp"

#include <atomic>
#include <cmath>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "capture/decode.hpp"
#include "capture/describe.hpp"
#include "capture/prepare.hpp"
#include "extract/assemble.hpp"
#include "extract/read_document.hpp"

namespace sohoa::extract {
namespace fs = std::filesystem;
namespace {

struct FileResult {
  std::vector<DocumentReading> readings;
  Json pages = Json::array();
  Json ocr = Json::object();  // the file's entry of ocr.json
  std::string error;
};

// Rounds a scan coordinate to a tenth of a pixel (ocr.json stays readable).
double tenth(double v) { return std::round(v * 10) / 10; }

Json word_json(const ScanWord& w) {
  Json quad = Json::array();
  for (const auto& p : w.quad) quad.push_back({tenth(p.x), tenth(p.y)});
  return {{"text", w.text},
          {"box", {w.box.x, w.box.y, w.box.width, w.box.height}},
          {"quad", quad},
          {"confidence", std::round(w.confidence * 1000) / 1000}};
}

void write_atomically(const fs::path& file, const Json& json) {
  {
    std::ofstream out(file.string() + ".tmp");
    out << json.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + file.string());
  }
  fs::rename(file.string() + ".tmp", file);  // a reader never sees half a file
}

struct DossierState {
  std::vector<FileResult> files;
  std::atomic<int> left{0};
  std::chrono::steady_clock::time_point started;
  std::once_flag started_once;
};

FileResult read_file(const fs::path& file, const fs::path& out, const IngestOptions& options, ocr::EnginePool& engines) {
  FileResult r;
  const std::string source = file.filename().string();
  try {
    r.ocr = {{"source", source}, {"path", fs::absolute(file).lexically_normal().string()}, {"pages", Json::array()}};
    const capture::ScanFile scan(file, options.profile.limits);
    for (int p = 0; p < scan.pages(); ++p) {
      const capture::ScanPage scan_page = scan.read(p);
      Json ocr_page = {{"page", p}, {"width", scan_page.image.cols}, {"height", scan_page.image.rows}};
      if (scan_page.dpi) ocr_page["dpi"] = *scan_page.dpi, ocr_page["dpi_from"] = "file";
      Json words = Json::array();
      for (const auto& d : capture::prepare_page(scan_page, source, options.profile)) {
        Json page = capture::describe(d);
        // the record's page quality is an object: the verdict, its findings and the measures
        page["quality"] = {{"ok", page["quality"].empty()}, {"findings", page["quality"]}, {"measures", page["measures"]}};
        page.erase("measures");
        if (options.write_images) {
          const std::string name = file.stem().string() + (scan.pages() > 1 ? "-p" + std::to_string(p + 1) : "") + "-d" +
                                   std::to_string(d.index + 1) + ".jpg";
          if (!cv::imwrite((out / name).string(), d.colour, {cv::IMWRITE_JPEG_QUALITY, 90}))
            throw std::runtime_error("cannot write " + (out / name).string());
          page["image"] = name;
        }
        r.pages.push_back(page);
        r.readings.push_back(read_document(d, engines, options.today_year));
        // a page without a resolution in its file takes the one its documents were prepared at
        if (!ocr_page.contains("dpi") && d.dpi > 0) ocr_page["dpi"] = tenth(d.dpi), ocr_page["dpi_from"] = d.dpi_from;
        for (const auto& w : r.readings.back().words) words.push_back(word_json(w));
      }
      ocr_page["words"] = std::move(words);
      r.ocr["pages"].push_back(std::move(ocr_page));
    }
  } catch (const capture::DecodeError& e) {
    r.error = source + ": " + e.what();
  } catch (const std::exception& e) {
    r.error = source + ": " + e.what();
  }
  if (!r.error.empty()) r.ocr["error"] = r.error;  // the export leaves a file that does not read out of the PDF
  return r;
}

}  // namespace

void ingest(const std::vector<DossierJob>& jobs, const IngestOptions& options,
            const std::function<void(const DossierDone&)>& on_done) {
  std::vector<std::unique_ptr<DossierState>> states;
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // dossier, file
  for (std::size_t d = 0; d < jobs.size(); ++d) {
    auto s = std::make_unique<DossierState>();
    s->files.resize(jobs[d].files.size());
    s->left = static_cast<int>(jobs[d].files.size());
    states.push_back(std::move(s));
    fs::create_directories(jobs[d].out);
    for (std::size_t f = 0; f < jobs[d].files.size(); ++f) tasks.emplace_back(d, f);
  }
  ocr::EnginePool engines(options.workers);
  std::atomic<std::size_t> next{0};
  std::mutex done_mutex;

  auto finish = [&](std::size_t d) {
    const DossierJob& job = jobs[d];
    DossierState& s = *states[d];
    std::vector<DocumentReading> readings;
    Json pages = Json::array();
    Json ocr_files = Json::array();
    DossierDone done;
    done.job = &job;
    for (auto& f : s.files) {
      for (auto& r : f.readings) readings.push_back(std::move(r));
      for (auto& p : f.pages) pages.push_back(p);
      if (!f.ocr.empty()) ocr_files.push_back(std::move(f.ocr));
      if (!f.error.empty()) done.errors.push_back(f.error);
    }
    try {
      Json dossier = assemble_dossier(job.id, readings, pages, options.today_year);
      dossier["errors"] = done.errors;
      // the words read and where, for the searchable PDF (format: docs/ocr-words.md)
      write_atomically(job.out / "ocr.json", {{"schema", "sohoa.ocr/1"}, {"dossier_id", job.id}, {"files", ocr_files}});
      write_atomically(job.out / "dossier.json", dossier);
      done.documents = static_cast<int>(dossier["documents"].size());
      for (const auto& doc : dossier["documents"]) count_fields(doc["fields"], done.fields, done.flagged);
    } catch (const std::exception& e) {
      // one dossier that cannot be written (a full disk) is reported; the others go on
      done.errors.push_back(std::string("the record was not written: ") + e.what());
      done.written = false;
    }
    done.pages = static_cast<int>(job.files.size());
    done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count();
    std::lock_guard lock(done_mutex);
    on_done(done);
  };

  auto work = [&] {
    for (;;) {
      const std::size_t t = next++;
      if (t >= tasks.size()) return;
      const auto [d, f] = tasks[t];
      DossierState& s = *states[d];
      std::call_once(s.started_once, [&] { s.started = std::chrono::steady_clock::now(); });
      s.files[f] = read_file(jobs[d].files[f], jobs[d].out, options, engines);
      if (--s.left == 0) finish(d);
    }
  };
  for (std::size_t d = 0; d < jobs.size(); ++d)
    if (jobs[d].files.empty()) {
      states[d]->started = std::chrono::steady_clock::now();
      finish(d);
    }
  std::vector<std::thread> threads;
  for (int i = 1; i < options.workers; ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

}  // namespace sohoa::extract
