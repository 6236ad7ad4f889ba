// Page-preparation benchmark on a generated set (sohoa synth): finds every document of every scan
// and compares with geometry.json. Prints recall, crop IoU, orientation, residual skew, quality
// findings against the generator's troubles, and the CPU time of one core per scan.
//
// usage: prepare_bench SET_DIR [--runs N] [--osd N]
//   --osd N: also run the plain alternative, `tesseract FILE - --psm 0` (orientation and script
//   detection), on the first N single-document scans, and compare its orientation and time.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "capture/prepare.hpp"
#include "core/field.hpp"

using namespace sohoa;
namespace fs = std::filesystem;

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double pct(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// One scan's CPU time: all of it, and the part spent decoding the file.
struct Timing {
  double total = 0, decode = 0;
};

void print_timing(const char* what, const std::vector<Timing>& t) {
  std::vector<double> total, decode, prepare;
  for (const auto& x : t) total.push_back(x.total), decode.push_back(x.decode), prepare.push_back(x.total - x.decode);
  std::printf("    %s %3zu scans: median %.0f ms, 95th percentile %.0f ms (decoding %.0f ms, preparing %.0f ms)\n", what, t.size(),
              median(total), pct(total, 0.95), median(decode), median(prepare));
}

double wrap180(double a) {
  while (a > 180) a -= 360;
  while (a <= -180) a += 360;
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: prepare_bench SET_DIR [--runs N]\n");
    return 2;
  }
  const fs::path root = argv[1];
  int runs = 3, osd = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::string(argv[i]) == "--osd") osd = std::max(0, std::atoi(argv[i + 1]));
  }
  int osd_done = 0, osd_right = 0, ours_right_on_osd = 0;
  std::vector<double> osd_ms;
  cv::setNumThreads(1);  // one core, as the target says
  const auto& profile = capture::default_profile();

  int truth_docs = 0, found = 0, iou95 = 0, oriented = 0, skew_ok = 0, false_docs = 0;
  std::vector<double> ious, skews;
  std::vector<Timing> page_ms, card_ms, card_png_ms, other_ms;
  std::map<std::string, std::pair<int, int>> findings;  // code -> (on scans with that trouble, on clean scans)
  std::map<std::string, int> truth_troubles;
  int scans_total = 0;
  std::vector<double> glare_with, glare_without, sharp_all;
  std::vector<std::string> misses;
  std::vector<fs::path> dossiers;
  for (const auto& e : fs::directory_iterator(root))
    if (fs::is_regular_file(e.path() / "geometry.json")) dossiers.push_back(e.path());
  std::sort(dossiers.begin(), dossiers.end());
  for (const auto& dir : dossiers) {
    std::ifstream in(dir / "geometry.json");
    const Json geo = Json::parse(in);
    std::ifstream tin(dir / "truth.json");
    const Json truth = Json::parse(tin);
    for (const auto& scan : geo["scans"]) {
      ++scans_total;
      const std::string source = scan["source"];
      std::vector<double> times, decode_times;
      std::vector<capture::PreparedDocument> docs;
      for (int r = 0; r < runs; ++r) {
        const double t0 = thread_cpu_ms();
        const capture::ScanFile file(dir / source, profile.limits);
        const capture::ScanPage page = file.read(0);
        const double t1 = thread_cpu_ms();
        docs = capture::prepare_page(page, source, profile);
        times.push_back(thread_cpu_ms() - t0);
        decode_times.push_back(t1 - t0);
      }
      const Timing ms{median(times), median(decode_times)};
      const std::string first_kind = scan["documents"][0]["kind"];
      const bool cards = first_kind.find("gcn") == std::string::npos;
      if (!cards && scan["dpi"] == 300 && scan["mode"] == "sheet_feeder" && first_kind != "gcn_2014_page1x") page_ms.push_back(ms);
      else if (cards && scan["mode"] == "card_scanner") (source.ends_with(".png") ? card_png_ms : card_ms).push_back(ms);
      else other_ms.push_back(ms);

      std::vector<bool> used(docs.size(), false);
      for (const auto& t : scan["documents"]) {
        ++truth_docs;
        capture::Corners tc;
        for (int i = 0; i < 4; ++i) tc[static_cast<std::size_t>(i)] = {t["corners"][i][0].get<double>(), t["corners"][i][1].get<double>()};
        int best = -1;
        double best_iou = 0;
        for (std::size_t i = 0; i < docs.size(); ++i) {
          const double iou = capture::quad_iou(tc, docs[i].corners);
          if (!used[i] && iou > best_iou) best_iou = iou, best = static_cast<int>(i);
        }
        if (best < 0 || best_iou < 0.5) {
          misses.push_back(dir.filename().string() + "/" + source + " " + t["kind"].get<std::string>() + " not found");
          continue;
        }
        used[static_cast<std::size_t>(best)] = true;
        ++found;
        ious.push_back(best_iou);
        iou95 += best_iou >= 0.95;
        const double err = wrap180(docs[static_cast<std::size_t>(best)].angle - t["angle"].get<double>());
        if (std::abs(err) < 45) {
          ++oriented;
          skews.push_back(std::abs(err));
          skew_ok += std::abs(err) <= 0.2;
          if (std::abs(err) > 0.2)
            misses.push_back(dir.filename().string() + "/" + source + " " + t["kind"].get<std::string>() + " (" +
                             scan["mode"].get<std::string>() + ", " + std::to_string(scan["dpi"].get<int>()) + " dpi) residual skew " +
                             std::to_string(err) + "°");
        } else {
          misses.push_back(dir.filename().string() + "/" + source + " " + t["kind"].get<std::string>() + " turned wrong by " +
                           std::to_string(static_cast<int>(std::lround(err))) + "° (up/down confidence " +
                           std::to_string(docs[static_cast<std::size_t>(best)].up_down_confidence) + ")");
        }
        if (best_iou < 0.95)
          misses.push_back(dir.filename().string() + "/" + source + " " + t["kind"].get<std::string>() + " IoU " + std::to_string(best_iou));
      }
      for (std::size_t i = 0; i < used.size(); ++i)
        if (!used[i]) {
          ++false_docs;
          const auto& r = docs[i].region;
          misses.push_back(dir.filename().string() + "/" + source + " extra " + docs[i].shape + " at [" + std::to_string(r[0]) + ", " +
                           std::to_string(r[1]) + ", " + std::to_string(r[2]) + ", " + std::to_string(r[3]) + "]");
        }
      if (osd_done < osd && scan["documents"].size() == 1 && docs.size() == 1) {
        // tesseract's "Orientation in degrees" is the page's clockwise quarter turn, as ours
        const double true_angle = scan["documents"][0]["angle"].get<double>();
        const int quarter = ((static_cast<int>(std::lround(true_angle / 90.0)) * 90) % 360 + 360) % 360;
        const std::string cmd = "OMP_THREAD_LIMIT=1 tesseract '" + (dir / source).string() + "' - --psm 0 2>/dev/null";
        const auto t0 = std::chrono::steady_clock::now();
        FILE* pipe = popen(cmd.c_str(), "r");
        std::string out;
        char buf[256];
        while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
        if (pipe) pclose(pipe);
        osd_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        const std::string key = "Orientation in degrees: ";
        const auto at = out.find(key);
        const int rotate = at == std::string::npos ? -1 : std::atoi(out.c_str() + at + key.size());
        ++osd_done;
        osd_right += rotate == quarter;
        ours_right_on_osd += docs[0].rotation == quarter;
      }
      // quality findings against the troubles the generator put in
      std::vector<std::string> troubles;
      for (const auto& p : truth["pages"])
        if (p["source"] == source)
          for (const auto& i : p["quality"]["issues"]) troubles.push_back(i);
      for (const auto& t : troubles) ++truth_troubles[t];
      const bool glare_scan = std::find(troubles.begin(), troubles.end(), "glare") != troubles.end();
      for (const auto& d : docs) {
        if (d.measures.card) (glare_scan ? glare_with : glare_without).push_back(d.measures.glare_share);
        sharp_all.push_back(d.measures.sharpness);
      }
      for (const auto& d : docs)
        for (const auto& q : d.quality) {
          const bool expected = std::find(troubles.begin(), troubles.end(), q.code == "low_resolution" ? "low_resolution" : q.code) != troubles.end();
          (expected ? findings[q.code].first : findings[q.code].second)++;
        }
    }
  }
  std::printf("set %s: %zu dossiers, %d scans, %d documents\n", root.string().c_str(), dossiers.size(), scans_total, truth_docs);
  std::printf("  found (IoU >= 0.5)        %d of %d (%.2f%%), %d extra\n", found, truth_docs, 100.0 * found / truth_docs, false_docs);
  std::printf("  crop IoU >= 0.95          %d of %d (%.2f%%), median IoU %.4f, lowest %.4f\n", iou95, truth_docs, 100.0 * iou95 / truth_docs,
              median(ious), ious.empty() ? 0 : *std::min_element(ious.begin(), ious.end()));
  std::printf("  orientation right         %d of %d (%.2f%%)\n", oriented, found, 100.0 * oriented / std::max(1, found));
  std::printf("  residual skew <= 0.2°     %d of %d (%.2f%%), median %.3f°, 95th percentile %.3f°, max %.3f°\n", skew_ok, oriented,
              100.0 * skew_ok / std::max(1, oriented), median(skews), pct(skews, 0.95), skews.empty() ? 0 : *std::max_element(skews.begin(), skews.end()));
  std::printf("  CPU time, one core, median of %d runs per scan (decode + prepare, no file writing;\n"
              "  in brackets the medians of decoding alone and of preparing the decoded image alone):\n", runs);
  print_timing("300-dpi certificate page scans ", page_ms);
  print_timing("card-scanner card images, JPEG ", card_ms);
  print_timing("card-scanner card images, PNG  ", card_png_ms);
  print_timing("other scans (flatbed, other dpi)", other_ms);
  if (osd_done)
    std::printf("  plain alternative, tesseract --psm 0 on %d single-document scans: orientation right on %d (%.1f%%), "
                "median %.0f ms wall per scan; this preparation on the same scans: %d right\n",
                osd_done, osd_right, 100.0 * osd_right / osd_done, median(osd_ms), ours_right_on_osd);
  std::printf("  quality findings (on scans with that trouble / on scans without):\n");
  for (const auto& [code, n] : findings)
    std::printf("    %-16s %d / %d   (scans with the trouble: %d)\n", code.c_str(), n.first, n.second, truth_troubles[code]);
  for (const auto& [t, n] : truth_troubles)
    if (!findings.count(t)) std::printf("    %-16s 0 / 0   (scans with the trouble: %d)\n", t.c_str(), n);
  std::printf("  measures: glare share on cards of glare scans: median %.3f, 10th percentile %.3f (%zu cards); on others: median %.3f, 99th percentile %.3f (%zu)\n",
              median(glare_with), pct(glare_with, 0.1), glare_with.size(), median(glare_without), pct(glare_without, 0.99), glare_without.size());
  std::printf("  measures: sharpness 1st percentile %.3f, median %.3f\n", pct(sharp_all, 0.01), median(sharp_all));
  if (!misses.empty()) {
    std::printf("  misses:\n");
    for (const auto& m : misses) std::printf("    %s\n", m.c_str());
  }
  return 0;
}
