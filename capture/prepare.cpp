#include "capture/prepare.hpp"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "capture/clean.hpp"
#include "capture/memory.hpp"
#include "capture/orient.hpp"
#include "core/document_sizes.hpp"

namespace sohoa::capture {
namespace {

constexpr double kPi = 3.141592653589793;

Corners turned(const Corners& c, int steps) {  // relabel: the corner `steps` places on becomes top-left
  Corners out;
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = c[static_cast<std::size_t>((i + steps) % 4)];
  return out;
}

double width_of(const Corners& c) { return (cv::norm(c[1] - c[0]) + cv::norm(c[2] - c[3])) / 2; }
double height_of(const Corners& c) { return (cv::norm(c[3] - c[0]) + cv::norm(c[2] - c[1])) / 2; }

// The least-squares affine map of four points onto four.
cv::Mat affine_fit(const cv::Point2f (&src)[4], const cv::Point2f (&dst)[4]) {
  cv::Mat a(4, 3, CV_64F), bx(4, 1, CV_64F), by(4, 1, CV_64F), rx, ry;
  for (int i = 0; i < 4; ++i) {
    a.at<double>(i, 0) = src[i].x, a.at<double>(i, 1) = src[i].y, a.at<double>(i, 2) = 1;
    bx.at<double>(i) = dst[i].x, by.at<double>(i) = dst[i].y;
  }
  cv::solve(a, bx, rx, cv::DECOMP_SVD);
  cv::solve(a, by, ry, cv::DECOMP_SVD);
  cv::Mat m(2, 3, CV_64F);
  rx.reshape(1, 1).copyTo(m.row(0));
  ry.reshape(1, 1).copyTo(m.row(1));
  return m;
}

// A card is 1.59 times as long as wide, a certificate page 1.39 to 1.41. A phone's perspective
// stretches either by up to a tenth, so near the middle the length the resolution gives decides,
// when it is about a card's (86 mm) or a page's (265 to 297 mm): phones often write 72 dpi.
bool looks_like_card(double long_px, double short_px, double dpi) {
  const double aspect = long_px / short_px;
  if (dpi > 0 && std::abs(aspect - 1.5) < 0.06) {
    const double long_mm = long_px / dpi * 25.4;
    if (long_mm > 60 && long_mm < 110) return true;
    if (long_mm > 200 && long_mm < 380) return false;
  }
  return aspect > 1.5;
}

}  // namespace

std::vector<PreparedDocument> prepare_page(const ScanPage& page, const std::string& source, const PrepareProfile& profile) {
  keep_freed_memory();
  std::vector<PreparedDocument> out;
  const auto found = find_documents(page.image);
  for (std::size_t i = 0; i < found.size(); ++i) {
    PreparedDocument d;
    d.source = source;
    d.page = page.page;
    d.index = static_cast<int>(i);
    Corners c = found[i].corners;
    // resolution: the file's, the profile's, or what the document's known size implies
    if (page.dpi) d.dpi = *page.dpi, d.dpi_from = "file";
    else if (profile.dpi) d.dpi = *profile.dpi, d.dpi_from = "profile";
    // Cards lie landscape and certificate pages portrait when upright: the shape settles 90°.
    const double w = width_of(c), h = height_of(c);
    const bool card = looks_like_card(std::max(w, h), std::min(w, h), d.dpi);
    int steps = 0;  // how far the corner labels moved from the found quad's
    if ((w > h) != card) c = turned(c, 1), steps = 1;
    const double doc_w = width_of(c);
    DocumentSize size = kCardSize;
    if (!card) {
      if (d.dpi > 0) {
        const double width_mm = doc_w / d.dpi * 25.4;
        size = std::abs(width_mm - kGcn2014PageSize.width_mm) < std::abs(width_mm - kA4Size.width_mm) ? kGcn2014PageSize : kA4Size;
      } else {
        const double aspect = height_of(c) / doc_w;
        size = std::abs(aspect - 1 / kGcn2014PageSize.aspect()) < std::abs(aspect - 1 / kA4Size.aspect()) ? kGcn2014PageSize : kA4Size;
      }
    }
    if (d.dpi <= 0) d.dpi = doc_w / size.width_mm * 25.4, d.dpi_from = "size";
    d.shape = std::string(size.name);
    const int out_w = std::max(16, static_cast<int>(std::lround(doc_w)));
    const int out_h = std::max(16, static_cast<int>(std::lround(out_w / size.aspect())));
    auto crop = [&](const Corners& corners) {
      const cv::Point2f src[] = {corners[0], corners[1], corners[2], corners[3]};
      const cv::Point2f dst[] = {{0, 0}, {static_cast<float>(out_w), 0}, {static_cast<float>(out_w), static_cast<float>(out_h)}, {0, static_cast<float>(out_h)}};
      cv::Mat m;
      // A flat document scanned flat is a parallelogram; its corners, measured, stray from one by
      // a pixel or three. Below 0.3% of the diagonal the affine warp that fits all four corners
      // best is used: under a pixel off anywhere, and a third faster than the perspective one.
      const cv::Point2d fourth = corners[1] + corners[3] - corners[0];
      if (cv::norm(fourth - corners[2]) < 0.003 * cv::norm(corners[2] - corners[0]))
        cv::warpAffine(page.image, m, affine_fit(src, dst), cv::Size(out_w, out_h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      else
        cv::warpPerspective(page.image, m, cv::getPerspectiveTransform(src, dst), cv::Size(out_w, out_h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      return m;
    };
    d.colour = crop(c);
    d.scan = page.image;
    d.clean = clean_for_ocr(d.colour);
    const UpDown ud = detect_up_down(d.clean, d.dpi);
    d.up_down_confidence = ud.confidence;
    if (ud.upside_down) {
      c = turned(c, 2);
      steps += 2;
      cv::rotate(d.colour, d.colour, cv::ROTATE_180);
      cv::rotate(d.clean, d.clean, cv::ROTATE_180);
    }
    d.corners = c;
    // The angle comes from the top edge, or from the bottom one where the top had little support
    // (a card running off the scan, a page's edge lost against a light backing).
    const double top = found[i].edge_support[static_cast<std::size_t>(steps % 4)];
    const double bottom = found[i].edge_support[static_cast<std::size_t>((steps + 2) % 4)];
    // Both well supported: the straighter fit (print or a shadow touching an edge bends its samples).
    const double top_rms = found[i].edge_rms[static_cast<std::size_t>(steps % 4)];
    const double bottom_rms = found[i].edge_rms[static_cast<std::size_t>((steps + 2) % 4)];
    const bool use_top = top >= 0.6 && bottom >= 0.6 ? top_rms <= bottom_rms : top >= bottom;
    const cv::Point2d across = use_top ? c[1] - c[0] : c[2] - c[3];
    d.angle = std::atan2(across.y, across.x) * 180 / kPi;
    d.rotation = static_cast<int>(std::lround(d.angle / 90.0)) * 90;
    d.skew = d.angle - d.rotation;
    d.rotation = (d.rotation % 360 + 360) % 360;
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (const auto& p : c) x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    x0 = std::max(0.0, x0), y0 = std::max(0.0, y0);
    x1 = std::min<double>(page.image.cols, x1), y1 = std::min<double>(page.image.rows, y1);
    d.region = {static_cast<int>(std::lround(x0)), static_cast<int>(std::lround(y0)), static_cast<int>(std::lround(x1 - x0)),
                static_cast<int>(std::lround(y1 - y0))};
    d.measures = measure_quality(d.colour, d.clean, d.dpi);
    d.measures.skew_deg = d.skew;
    d.measures.dpi_estimated = d.dpi_from == "size";
    d.measures.touches_edge = found[i].touches_edge;
    d.measures.card = card;
    d.quality = judge_quality(d.measures, profile.quality);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sohoa::capture
