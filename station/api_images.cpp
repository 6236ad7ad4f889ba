// Images: a page's state, thumbnail and view, and the snippet of a field where it was read.
// Every look at an image that shows an ID card is written to the audit log.
#include <fstream>
#include <list>
#include <mutex>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "station/api.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw HttpError(404, "the image is not ready yet", "ảnh chưa sẵn sàng");
  return {std::istreambuf_iterator<char>(in), {}};
}

bool shows_card(const PageRow& p) {
  for (const auto& d : p.info.value("documents", Json::array()))
    if (d.value("shape", "") == "card") return true;
  return false;
}

// Decoded view images, the most recently used kept: a clerk's dossier asks for dozens of
// snippets of the same few pages.
class ViewCache {
 public:
  cv::Mat get(const fs::path& file) {
    std::lock_guard lock(mutex_);
    for (auto it = items_.begin(); it != items_.end(); ++it)
      if (it->first == file) {
        items_.splice(items_.begin(), items_, it);
        return it->second;
      }
    cv::Mat m = cv::imread(file.string(), cv::IMREAD_COLOR);
    if (m.empty()) throw HttpError(404, "the page image is not ready yet", "ảnh trang chưa sẵn sàng");
    items_.emplace_front(file, m);
    if (items_.size() > 12) items_.pop_back();
    return m;
  }

 private:
  std::mutex mutex_;
  std::list<std::pair<fs::path, cv::Mat>> items_;
};

Reply snippet(Station& station, ViewCache& views, Request& r) {
  auto& store = station.store();
  const auto d = require_dossier(store, r.id("id"));
  const auto record = store.record(d.id);
  const auto n = std::strtol(r.query_value("document").value_or("-1").c_str(), nullptr, 10);
  const std::string path = r.query_value("path").value_or("");
  if (!record || n < 0 || static_cast<std::size_t>(n) >= (*record)["documents"].size())
    throw HttpError(404, "no such document", "không có giấy tờ này");
  const Json& doc = (*record)["documents"][static_cast<std::size_t>(n)];
  const Json* field = field_at(doc["fields"], path);
  if (!field || !field->is_object() || !field->contains("source")) throw HttpError(404, "the field has no place on a scan", "trường này không có vị trí trên ảnh");
  const Json& src = (*field)["source"];
  const std::string source = src.value("source", "");
  const int page_no = src.value("page", 0);
  const auto box = src.value("bbox", std::array<int, 4>{});
  if (box[2] <= 0 || box[3] <= 0) throw HttpError(404, "the field has no place on a scan", "trường này không có vị trí trên ảnh");
  std::optional<PageRow> page;
  for (auto& p : store.page_rows(d.id))
    if (p.source == source) page = p;
  if (!page) throw HttpError(404, "the field's scan is no longer in the dossier", "ảnh quét của trường không còn trong hồ sơ");
  const cv::Mat view = views.get(station.dossier_dir(d.id) / "views" / (std::to_string(page->id) + "-" + std::to_string(page_no) + ".jpg"));
  const auto sizes = page->info.value("sizes", Json::array());
  const double width = page_no < static_cast<int>(sizes.size()) ? sizes[static_cast<std::size_t>(page_no)][0].get<double>() : view.cols;
  const double s = view.cols / width;
  // a margin of a third of the box's height around it, so the clerk sees the value in its line
  const int m = box[3] / 3;
  cv::Rect rect(static_cast<int>((box[0] - m) * s), static_cast<int>((box[1] - m) * s), static_cast<int>((box[2] + 2 * m) * s),
                static_cast<int>((box[3] + 2 * m) * s));
  rect &= cv::Rect(0, 0, view.cols, view.rows);
  if (rect.area() <= 0) throw HttpError(404, "the field's box is outside its scan", "vị trí của trường nằm ngoài ảnh");
  cv::Mat crop = view(rect).clone();
  // turn it upright as its document lies on the scan
  const cv::Point2d centre(box[0] + box[2] / 2.0, box[1] + box[3] / 2.0);
  for (const auto& pd : page->info.value("documents", Json::array())) {
    const auto reg = pd.value("region", std::array<int, 4>{});
    if (pd.value("page", 0) != page_no || !cv::Rect(reg[0], reg[1], reg[2], reg[3]).contains(centre)) continue;
    const int rotation = pd.value("rotation", 0);
    if (rotation == 90) cv::rotate(crop, crop, cv::ROTATE_90_COUNTERCLOCKWISE);
    if (rotation == 180) cv::rotate(crop, crop, cv::ROTATE_180);
    if (rotation == 270) cv::rotate(crop, crop, cv::ROTATE_90_CLOCKWISE);
  }
  if (doc.value("type", "") == "id_card")
    store.audit(r.who().username, "view_card_image", "dossier " + std::to_string(d.id), "document " + std::to_string(n) + " " + path);
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", crop, bytes, {cv::IMWRITE_JPEG_QUALITY, 88});
  return Reply::jpeg(std::string(bytes.begin(), bytes.end()));
}

Reply page_image(Station& station, Request& r, bool thumb) {
  auto& store = station.store();
  const auto p = require_page(store, r.id("pid"));
  const int page_no = static_cast<int>(std::strtol(r.query_value("page").value_or("0").c_str(), nullptr, 10));
  const fs::path dir = station.dossier_dir(p.dossier);
  const fs::path file = thumb ? dir / "thumbs" / (std::to_string(p.id) + ".jpg")
                              : dir / "views" / (std::to_string(p.id) + "-" + std::to_string(page_no) + ".jpg");
  std::string bytes = read_file(file);
  if (shows_card(p))
    store.audit(r.who().username, "view_card_image", "dossier " + std::to_string(p.dossier),
                "page " + std::to_string(p.id) + (thumb ? " thumbnail" : ""));
  return Reply::jpeg(std::move(bytes));
}

}  // namespace

void add_image_routes(std::vector<Route>& routes, Station& station) {
  static ViewCache views;
  Store& store = station.store();
  routes.push_back({"GET", {"api", "pages", ":pid"}, "", [&store](Request& r) { return Reply::json(page_json(require_page(store, r.id("pid")))); }});
  routes.push_back({"GET", {"api", "pages", ":pid", "thumb"}, "", [&station](Request& r) { return page_image(station, r, true); }});
  routes.push_back({"GET", {"api", "pages", ":pid", "image"}, "", [&station](Request& r) { return page_image(station, r, false); }});
  routes.push_back({"GET", {"api", "dossiers", ":id", "snippet"}, "verify", [&station](Request& r) { return snippet(station, views, r); }});
}

}  // namespace sohoa::station
