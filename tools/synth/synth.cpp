#include "tools/synth/synth.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "tools/synth/encode.hpp"
#include "tools/synth/forms.hpp"
#include "tools/synth/scanner.hpp"
#include "tools/synth/spec.hpp"

namespace sohoa::synth {
namespace {

namespace fs = std::filesystem;

struct PlannedScan {
  std::vector<SideToDraw> sides;
  ScanMode mode;
};

// How the counter scans this dossier: certificate pages through the feeder, cards on the
// flatbed in the ways operators really lay them.
std::vector<PlannedScan> plan_scans(const DossierSpec& d, Rng& rng) {
  std::vector<PlannedScan> plan;
  std::vector<SideToDraw> card_sides;
  for (const auto& side : dossier_sides(d)) {
    if (side.document == 0) plan.push_back({{side}, d.hard && rng.chance(0.15) ? ScanMode::PhonePhoto : ScanMode::SheetFeeder});
    else card_sides.push_back(side);
  }
  const std::size_t people = card_sides.size() / 2;
  const double r = rng.uniform();
  if (r < 0.2 && people == 2) {  // both fronts on one scan, both backs on another
    plan.push_back({{card_sides[0], card_sides[2]}, ScanMode::Flatbed});
    plan.push_back({{card_sides[1], card_sides[3]}, ScanMode::Flatbed});
    return plan;
  }
  for (std::size_t i = 0; i < people; ++i) {
    const SideToDraw front = card_sides[2 * i], back = card_sides[2 * i + 1];
    const double m = rng.uniform();
    if (d.hard && m < 0.3) plan.push_back({{front, back}, ScanMode::Photocopy});
    else if (d.hard && m < 0.5) plan.push_back({{front, back}, ScanMode::PhonePhoto});
    else if (m < 0.6) plan.push_back({{front, back}, ScanMode::Flatbed});
    else if (m < 0.85) plan.push_back({{front}, ScanMode::CardScanner}), plan.push_back({{back}, ScanMode::CardScanner});
    else plan.push_back({{front}, ScanMode::Flatbed}), plan.push_back({{back}, ScanMode::Flatbed});
  }
  return plan;
}

const char* mode_name(ScanMode m) {
  switch (m) {
    case ScanMode::SheetFeeder: return "sheet_feeder";
    case ScanMode::Flatbed: return "flatbed";
    case ScanMode::CardScanner: return "card_scanner";
    case ScanMode::Photocopy: return "photocopy";
    case ScanMode::PhonePhoto: return "phone_photo";
  }
  return "";
}

double pick_dpi(Rng& rng, bool cards, bool hard) {
  if (hard && rng.chance(0.15)) return 150;
  static const std::vector<double> pages = {200, 250, 300, 300, 300, 400}, card = {200, 300, 300, 400, 400};
  return rng.pick(cards ? card : pages);
}

Json box_json(const std::vector<cv::Point2d>& pts, cv::Size image) {
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  for (auto p : pts) x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  x0 = std::clamp(x0, 0.0, image.width * 1.0), x1 = std::clamp(x1, 0.0, image.width * 1.0);
  y0 = std::clamp(y0, 0.0, image.height * 1.0), y1 = std::clamp(y1, 0.0, image.height * 1.0);
  return Json::array({std::lround(x0), std::lround(y0), std::lround(x1 - x0), std::lround(y1 - y0)});
}

Json points_json(const std::vector<cv::Point2d>& pts) {
  Json out = Json::array();
  for (auto p : pts) out.push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
  return out;
}

void write_file(const fs::path& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_json(const fs::path& path, const Json& j) {
  const std::string text = j.dump(2) + "\n";
  write_file(path, text.data(), text.size());
}

}  // namespace

DossierSpec dossier_spec(const std::string& id, std::uint64_t seed, bool hard) {
  Rng spec_rng = Rng::stream(seed, 1);
  return make_dossier(spec_rng, id, hard);
}

Json synthesize_dossier(const std::string& id, std::uint64_t seed, bool hard, const fs::path& dir, const std::string& smudge) {
  const DossierSpec d = dossier_spec(id, seed, hard);
  Rng plan_rng = Rng::stream(seed, 2), draw_rng = Rng::stream(seed, 3);
  auto plan = plan_scans(d, plan_rng);
  // shuffled file order: the station must not rely on it
  std::vector<int> order(plan.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[plan_rng.integer(0, static_cast<int>(i) - 1)]);

  Json documents = Json::array();
  documents.push_back(certificate_truth(d.certificate, d.people));
  for (const auto& p : d.people) documents.push_back(card_truth(p));
  Json pages = Json::array(), scans = Json::array();

  fs::create_directories(dir);
  Fonts fonts;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    const PlannedScan& planned = plan[static_cast<std::size_t>(order[k])];
    const bool cards = planned.sides[0].document != 0;
    ScanSettings settings{planned.mode, pick_dpi(draw_rng, cards, hard), hard};
    std::vector<Sheet> sheets;
    for (const auto& side : planned.sides) sheets.push_back(render_side(d, side, fonts, draw_rng, settings.dpi));
    for (auto& sheet : sheets)
      for (const auto& m : sheet.marks)
        if (m.path == smudge) {
          // an ink blot wider and taller than the value: nothing of it stays legible
          const cv::Point centre(m.box.x + m.box.width / 2, m.box.y + m.box.height / 2);
          cv::ellipse(sheet.image, centre, cv::Size(m.box.width * 6 / 10 + 8, m.box.height * 8 / 10 + 4), 0, 0, 360, ink::blue, cv::FILLED,
                      cv::LINE_AA);
        }
    const Scan scan = scan_sheets(sheets, settings, draw_rng);

    // Card scanners often save PNG; full pages as PNG would be tens of megabytes of scanner noise.
    const bool png = draw_rng.chance(planned.mode == ScanMode::CardScanner ? 0.6 : 0.0);
    const int quality = hard ? draw_rng.integer(40, 75) : draw_rng.integer(60, 92);
    const std::optional<int> dpi_tag = draw_rng.chance(0.85) ? std::optional<int>(static_cast<int>(settings.dpi)) : std::nullopt;
    char name[32];
    std::snprintf(name, sizeof name, "p%02zu.%s", k + 1, png ? "png" : "jpg");
    const auto bytes = encode_scan(scan.image, png ? "png" : "jpg", quality, dpi_tag);
    write_file(dir / name, bytes.data(), bytes.size());

    Json geo_docs = Json::array();
    for (const auto& placed : scan.placed) {
      const Sheet& s = *placed.sheet;
      const auto corners = corners_on_scan(placed);
      const Json region = box_json(corners, scan.image.size());
      documents[static_cast<std::size_t>(s.document)]["sources"].push_back({{"source", name}, {"page", 0}, {"region", region}});
      pages.push_back({{"source", name}, {"page", 0}, {"kind", s.kind},
                       {"quality", {{"dpi", settings.dpi}, {"issues", scan.issues}}}});
      Json fields = Json::object();
      for (const auto& m : s.marks) {
        if (m.path.starts_with("#")) continue;
        const double x0 = m.box.x, y0 = m.box.y, x1 = m.box.x + m.box.width, y1 = m.box.y + m.box.height;
        const std::vector<cv::Point2d> quad = {apply(placed.to_scan, {x0, y0}), apply(placed.to_scan, {x1, y0}),
                                               apply(placed.to_scan, {x1, y1}), apply(placed.to_scan, {x0, y1})};
        fields[m.path] = {{"bbox", box_json(quad, scan.image.size())}, {"quad", points_json(quad)}, {"printed", m.text}};
      }
      const double angle = std::atan2(corners[1].y - corners[0].y, corners[1].x - corners[0].x) * 180 / 3.141592653589793;
      geo_docs.push_back({{"kind", s.kind}, {"document", s.document}, {"corners", points_json(corners)},
                          {"angle", std::round(angle * 1000) / 1000}, {"region", region}, {"fields", fields}});
    }
    scans.push_back({{"source", name}, {"width", scan.image.cols}, {"height", scan.image.rows}, {"dpi", settings.dpi},
                     {"dpi_in_file", dpi_tag.has_value()}, {"mode", mode_name(planned.mode)},
                     {"colour", scan.image.channels() == 3}, {"documents", geo_docs}});
  }
  std::stable_sort(pages.begin(), pages.end(), [](const Json& a, const Json& b) { return a["source"] < b["source"]; });
  Json truth;
  truth["schema"] = kDossierSchema;
  truth["dossier_id"] = id;
  truth["pages"] = pages;
  truth["documents"] = documents;
  write_json(dir / "truth.json", truth);
  write_json(dir / "geometry.json", {{"schema", "sohoa.synth-geometry/1"}, {"dossier_id", id}, {"scans", scans}});
  return truth;
}

void synthesize(const SynthOptions& o, const std::function<void(const DossierWritten&)>& progress) {
  if (o.dossiers < 1) throw std::invalid_argument("--dossiers must be at least 1");
  fs::create_directories(o.out);
  std::atomic<int> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    for (int i = next++; i < o.dossiers; i = next++) {
      char id[16];
      std::snprintf(id, sizeof id, "d%04d", i + 1);
      try {
        // each dossier has its own stream, so the output does not depend on thread scheduling
        const Json truth = synthesize_dossier(id, Rng::stream(o.seed, static_cast<std::uint64_t>(i) + 1).next(), o.hard, o.out / id, o.smudge);
        std::set<std::string> files;
        for (const auto& p : truth["pages"]) files.insert(p["source"].get<std::string>());
        std::lock_guard lock(mutex);
        progress({id, static_cast<int>(files.size()), static_cast<int>(truth["documents"].size())});
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        next = o.dossiers;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, o.threads); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sohoa::synth
