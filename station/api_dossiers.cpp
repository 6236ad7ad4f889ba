// Dossiers: the operator's intake (create, add and delete pages, close) and the clerk's
// verification (queue, open, correct, approve, reject), with the field history and audit log.
#include <ctime>

#include "core/text.hpp"
#include "extract/field_checks.hpp"
#include "station/api.hpp"
#include "station/auth.hpp"
#include "station/batch_export.hpp"
#include "station/intake.hpp"
#include "station/scan_intake.hpp"
#include "station/watch_intake.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

Json dossier_json(const DossierRow& d) {
  return {{"id", d.id}, {"number", d.number}, {"state", to_string(d.state)}, {"closed", d.closed}, {"error", d.error},
          {"created_by", d.created_by}, {"created_at", d.created_at}, {"updated_at", d.updated_at}, {"pages", d.pages},
          {"fields", d.fields}, {"flagged", d.flagged}, {"batch", d.batch}};
}

Json page_json(const PageRow& p) {
  Json j = {{"id", p.id}, {"dossier", p.dossier}, {"source", p.source}, {"name", p.name}, {"status", p.status}};
  for (const auto& [k, v] : p.info.items()) j[k] = v;
  j["added_by"] = p.added_by;
  j["added_at"] = p.added_at;
  return j;
}

DossierRow require_dossier(Store& store, std::int64_t id) {
  auto d = store.dossier(id);
  if (!d) throw HttpError(404, "no dossier " + std::to_string(id), "không có hồ sơ " + std::to_string(id));
  return *d;
}

PageRow require_page(Store& store, std::int64_t id) {
  auto p = store.page(id);
  if (!p) throw HttpError(404, "no page " + std::to_string(id), "không có trang " + std::to_string(id));
  return *p;
}

namespace {


Json dossiers_json(const std::vector<DossierRow>& rows) {
  Json out = Json::array();
  for (const auto& d : rows) out.push_back(dossier_json(d));
  return {{"dossiers", out}};
}

HttpError conflict(const std::string& en, const std::string& vi) { return HttpError(409, en, vi); }

// The page's bytes, read whole up to the limit.
std::string read_upload(Request& r, std::size_t limit) {
  std::string bytes;
  if (!r.has_body()) return bytes;
  char buffer[65536];
  auto& in = r.http.stream();
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > limit)
      throw HttpError(413, "the file is larger than " + std::to_string(limit >> 20) + " MB",
                      "tệp lớn hơn " + std::to_string(limit >> 20) + " MB");
  }
  return bytes;
}

Reply add_page(Station& station, Request& r) {
  const auto d = require_dossier(station.store(), r.id("id"));
  const auto id = add_scan(station, d.id, read_upload(r, station.options().max_upload_bytes), r.query_value("name").value_or(""),
                           r.who().username);
  return Reply::json(page_json(require_page(station.store(), id)), 201);
}

Reply correct(Station& station, Request& r) {
  const auto d = require_dossier(station.store(), r.id("id"));
  if (d.state != DossierState::InVerification)
    throw conflict("only a dossier in verification can be corrected", "chỉ sửa được hồ sơ đang kiểm tra");
  const Json b = r.json_body();
  if (!b.contains("document") || !b["document"].is_number_integer() || !b.contains("path") || !b["path"].is_string() || !b.contains("value"))
    throw HttpError(400, "a correction needs document, path and value", "sửa cần có document, path và value");
  Json value = b["value"];
  if (value.is_string()) value = collapse_spaces(nfc(value.get<std::string>()));
  const int document = b["document"].get<int>();
  const std::string path = b["path"].get<std::string>();
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  try {
    const Json doc = station.store().correct_field(d.id, document, path, value, r.who().username, b.value("reason", ""),
                                                   [&](Json& document_json) { extract::recheck(document_json, tm.tm_year + 1900); });
    const Json* field = field_at(doc["fields"], path);
    return Reply::json({{"field", field ? *field : Json()}, {"checks", doc["checks"]}});
  } catch (const StoreError& e) {
    throw HttpError(400, e.what(), "không có trường này trong giấy tờ");
  }
}

Reply move(Station& station, Request& r, DossierState to) {
  auto& store = station.store();
  const auto d = require_dossier(store, r.id("id"));
  std::string reason;
  if (to == DossierState::Rejected) {
    reason = collapse_spaces(nfc(r.json_body().value("reason", "")));
    if (reason.empty()) throw HttpError(400, "a rejection needs a reason", "từ chối cần có lý do");
  }
  if (to == DossierState::Approved && store.setting("four_eyes").value_or("0") == "1" && d.created_by == r.who().username)
    throw HttpError(403, "four-eyes rule: you scanned this dossier, another clerk must approve it",
                    "quy tắc bốn mắt: bạn đã quét hồ sơ này, cán bộ khác phải duyệt");
  if (to == DossierState::InVerification) {
    // opening is for a dossier waiting in the queue; an approved or rejected one stays as it is
    if (d.state == DossierState::InVerification) return Reply::json(dossier_json(d));
    if (d.state != DossierState::Extracted)
      throw conflict("only a dossier waiting in the queue can be opened (it is " + to_string(d.state) + ")",
                     "chỉ mở được hồ sơ đang chờ trong hàng đợi");
  }
  try {
    store.set_state(d.id, to, r.who().username, reason);
  } catch (const StoreError& e) {
    throw conflict(e.what(), "trạng thái hồ sơ không cho phép thao tác này");
  }
  return Reply::json(dossier_json(require_dossier(store, d.id)));
}

}  // namespace

void add_dossier_routes(std::vector<Route>& routes, Station& station) {
  Store& store = station.store();
  routes.push_back({"POST", {"api", "dossiers"}, "intake", [&store](Request& r) {
                      const std::string number = collapse_spaces(nfc(r.json_body().value("number", "")));
                      if (number.size() > 64) throw HttpError(400, "a dossier number has at most 64 characters", "số hồ sơ tối đa 64 ký tự");
                      return Reply::json(dossier_json(require_dossier(store, store.create_dossier(number, r.who().username))), 201);
                    }});
  routes.push_back({"GET", {"api", "dossiers"}, "", [&store](Request& r) {
                      std::vector<DossierState> states;
                      if (const auto s = r.query_value("state"); s && !s->empty()) {
                        const auto state = parse_state(*s);
                        if (!state) throw HttpError(400, "no state '" + *s + "'", "không có trạng thái '" + *s + "'");
                        states.push_back(*state);
                      }
                      return Reply::json(dossiers_json(store.dossiers(states, r.query_value("mine") == "1" ? r.who().username : "")));
                    }});
  routes.push_back({"GET", {"api", "queue"}, "verify", [&store](Request&) {
                      return Reply::json(dossiers_json(store.dossiers({DossierState::Extracted, DossierState::InVerification})));
                    }});
  routes.push_back({"GET", {"api", "dossiers", ":id"}, "", [&store](Request& r) {
                      const auto d = require_dossier(store, r.id("id"));
                      Json pages = Json::array();
                      for (const auto& p : store.page_rows(d.id)) pages.push_back(page_json(p));
                      const auto record = store.record(d.id);
                      return Reply::json({{"dossier", dossier_json(d)}, {"pages", pages}, {"record", record ? *record : Json()}});
                    }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "pages"}, "intake", [&station](Request& r) { return add_page(station, r); }});
  routes.push_back({"DELETE", {"api", "pages", ":pid"}, "intake", [&store](Request& r) {
                      const auto p = require_page(store, r.id("pid"));
                      if (require_dossier(store, p.dossier).closed)
                        throw conflict("the dossier is closed: its pages cannot be deleted", "hồ sơ đã đóng: không thể xóa trang");
                      store.delete_page(p.id, r.who().username);
                      std::error_code ignored;
                      fs::remove(p.file, ignored);
                      return Reply::empty();
                    }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "close"}, "intake", [&station, &store](Request& r) {
                      const auto d = require_dossier(store, r.id("id"));
                      const auto pages = store.page_rows(d.id);
                      if (pages.empty()) throw conflict("the dossier has no page yet", "hồ sơ chưa có trang nào");
                      if (d.state != DossierState::Scanned) throw conflict("the dossier has been read already", "hồ sơ đã được đọc");
                      store.close_dossier(d.id, r.who().username);
                      station.wake();
                      return Reply::json(dossier_json(require_dossier(store, d.id)), 202);
                    }});
  // the watched folder feeds this dossier (until another is chosen or it is closed)
  routes.push_back({"POST", {"api", "dossiers", ":id", "watch"}, "intake", [&station, &store](Request& r) {
                      const auto d = require_dossier(store, r.id("id"));
                      if (station.options().watch.empty())
                        throw conflict("this station has no watched folder (sohoa serve --watch DIR)", "trạm này không có thư mục theo dõi");
                      if (d.closed) throw conflict("the dossier is closed", "hồ sơ đã đóng");
                      set_watch_target(store, station.options().station, WatchTarget{d.id, r.who().username}, r.who().username);
                      return Reply::json(dossier_json(d));
                    }});
  routes.push_back({"DELETE", {"api", "dossiers", ":id", "watch"}, "intake", [&station, &store](Request& r) {
                      const auto target = watch_target(store, station.options().station);
                      if (target && target->dossier == r.id("id")) set_watch_target(store, station.options().station, std::nullopt, r.who().username);
                      return Reply::empty();
                    }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "open"}, "verify",
                    [&station](Request& r) { return move(station, r, DossierState::InVerification); }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "approve"}, "verify",
                    [&station](Request& r) { return move(station, r, DossierState::Approved); }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "reject"}, "verify",
                    [&station](Request& r) { return move(station, r, DossierState::Rejected); }});
  routes.push_back({"PUT", {"api", "dossiers", ":id", "fields"}, "verify", [&station](Request& r) { return correct(station, r); }});
  routes.push_back({"GET", {"api", "dossiers", ":id", "history"}, "verify", [&store](Request& r) {
                      const auto d = require_dossier(store, r.id("id"));
                      Json changes = Json::array();
                      for (const auto& c : store.history(d.id))
                        changes.push_back({{"document", c.document}, {"path", c.path}, {"old_value", c.old_value}, {"new_value", c.new_value},
                                           {"user", c.user}, {"reason", c.reason}, {"at", c.at}});
                      return Reply::json({{"changes", changes}});
                    }});
  routes.push_back({"GET", {"api", "audit"}, "", [&store](Request& r) {
                      const auto dossier = r.query_value("dossier");
                      const bool all = role_allows(r.who().role, "audit");
                      if (!all && !(dossier && role_allows(r.who().role, "verify")))
                        throw HttpError(403, "the audit log is for supervisors", "nhật ký chỉ dành cho giám sát viên");
                      std::size_t limit = 200;
                      if (const auto l = r.query_value("limit")) limit = std::clamp<std::size_t>(std::strtoul(l->c_str(), nullptr, 10), 1, 5000);
                      const std::string object = dossier ? "dossier " + std::to_string(std::strtoll(dossier->c_str(), nullptr, 10)) : "";
                      Json entries = Json::array();
                      for (auto& e : store.audit_log(limit, object)) entries.push_back(e);
                      return Reply::json({{"entries", entries}});
                    }});
}

void add_batch_routes(std::vector<Route>& routes, Station& station) {
  // a supervisor sends the approved dossiers up: they are packed into one signed batch
  routes.push_back({"POST", {"api", "batches"}, "export", [&station](Request& r) {
                      const std::string batch = r.json_body().value("batch", "");
                      if (batch.empty() || batch.size() > 64 || batch.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos || batch[0] == '.')
                        throw HttpError(400, "a batch id is 1 to 64 letters, digits, '-', '_' or '.'", "mã lô gồm 1 đến 64 chữ, số, '-', '_' hoặc '.'");
                      const auto file = station.options().data / "batches" / (batch + ".zip");
                      std::filesystem::create_directories(file.parent_path());
                      try {
                        const auto e = export_batch(station.store(), station.options().data, batch, station.options().station,
                                                    station.options().data / "station-key.pem", file, r.who().username);
                        return Reply::json({{"batch", batch}, {"dossiers", e.dossiers}, {"files", e.manifest["counts"]["files"]}}, 201);
                      } catch (const StoreError& e) {
                        throw conflict(e.what(), "không có hồ sơ đã duyệt nào để gửi");
                      }
                    }});
}

void add_scanner_routes(std::vector<Route>& routes, Station& station, ScanIntake& scans) {
  routes.push_back({"GET", {"api", "scanner"}, "", [&scans](Request&) { return Reply::json(scans.status()); }});
  routes.push_back({"POST", {"api", "dossiers", ":id", "scan"}, "intake", [&station, &scans](Request& r) {
                      const auto d = require_dossier(station.store(), r.id("id"));
                      if (!scans.configured())
                        throw conflict("this station has no scanner (sohoa serve --scanner PROFILE)", "trạm này chưa cấu hình máy quét");
                      if (d.closed) throw conflict("the dossier is closed", "hồ sơ đã đóng");
                      if (!scans.start(d.id, r.who().username)) throw conflict("the scanner is busy with another scan", "máy quét đang quét");
                      return Reply::json(scans.status(), 202);
                    }});
  routes.push_back({"POST", {"api", "scanner", "cancel"}, "intake", [&scans](Request&) {
                      scans.cancel();
                      return Reply::json(scans.status(), 202);
                    }});
}

}  // namespace sohoa::station
