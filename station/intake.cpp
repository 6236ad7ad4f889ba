#include "station/intake.hpp"

#include "core/text.hpp"
#include "station/api.hpp"
#include "station/auth.hpp"
#include "station/http.hpp"

namespace sohoa::station {

namespace {
const char* kScanTypes[][2] = {{"\xFF\xD8\xFF", ".jpg"}, {"\x89PNG", ".png"}, {"II*", ".tif"}, {"MM", ".tif"}, {"BM", ".bmp"},
                               {"RIFF", ".webp"}, {"%PDF-", ".pdf"}};
}  // namespace

std::int64_t add_scan(Station& station, std::int64_t dossier, const std::string& bytes, const std::string& name,
                      const std::string& user) {
  const auto d = require_dossier(station.store(), dossier);
  if (d.closed) throw HttpError(409, "the dossier is closed: no page can be added", "hồ sơ đã đóng: không thể thêm trang");
  if (bytes.empty()) throw HttpError(400, "the file is empty", "tệp rỗng");
  const char* ext = nullptr;
  for (const auto& [magic, e] : kScanTypes)
    if (bytes.rfind(magic, 0) == 0) ext = e;
  if (!ext)
    throw HttpError(400, "the file is not a JPEG, PNG, TIFF, BMP, WebP image or a PDF",
                    "tệp không phải ảnh JPEG, PNG, TIFF, BMP, WebP hoặc PDF");
  // named by its content: a page scanned twice is the same page, and a name carries no personal data
  const std::string source = sha256_hex(bytes).substr(0, 16) + ext;
  for (const auto& p : station.store().page_rows(d.id))
    if (p.source == source) throw HttpError(409, "this page is already in the dossier", "trang này đã có trong hồ sơ");
  const auto file = station.dossier_dir(d.id) / "originals" / source;
  write_durably(file, bytes);
  std::string shown = nfc(name);
  if (shown.size() > 200) shown.resize(200);
  const auto id = station.store().add_page(d.id, source, file.string(), user, shown);
  station.wake();
  return id;
}

}  // namespace sohoa::station
