// The store's pages: one row per scanned file of a dossier, its preparation result beside it.
#include <ctime>

#include <Poco/Data/Statement.h>

#include "station/db.hpp"
#include "station/store.hpp"

namespace sohoa::station {

using namespace Poco::Data::Keywords;

std::int64_t Store::add_page(std::int64_t dossier, const std::string& source, const std::string& file, const std::string& user,
                             const std::string& name) {
  const auto held = db_->hold();
  if (!this->dossier(dossier)) throw StoreError("no dossier " + std::to_string(dossier));
  std::int64_t id = 0;
  db_->transaction([&] {
    const auto t = static_cast<std::int64_t>(std::time(nullptr));
    std::string s = source, f = file, u = user, n = name;
    db_->session() << db_->sql("INSERT INTO pages (dossier_id, source, file, name, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        bind(dossier), use(s), use(f), use(n), use(u), bind(t), into(id), now;
    db_->session() << db_->sql("UPDATE dossiers SET updated_at = ? WHERE id = ?"), bind(t), bind(dossier), now;
    // the page's number, not its file name: names of scans may carry a person's name
    audit_locked(user, "add_page", "dossier " + std::to_string(dossier), "page " + std::to_string(id));
  });
  return id;
}

std::vector<std::string> Store::pages(std::int64_t dossier) const {
  std::vector<std::string> sources;
  for (const auto& p : page_rows(dossier)) sources.push_back(p.source);
  return sources;
}

std::vector<PageRow> Store::page_rows(std::int64_t dossier) const { return select_pages("dossier_id = ?", Param(dossier)); }

std::optional<PageRow> Store::page(std::int64_t id) const {
  auto rows = select_pages("id = ?", Param(id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<PageRow> Store::pages_to_prepare() const {
  return select_pages("status = 'received' AND dossier_id IN (SELECT id FROM dossiers WHERE station = ?)", Param(station_));
}

std::vector<PageRow> Store::select_pages(const std::string& where, const Param& value) const {
  const auto held = db_->hold();
  std::vector<std::int64_t> ids, dossiers, added;
  std::vector<std::string> sources, files, names, statuses, infos, users;
  Poco::Data::Statement st(db_->session());
  st << db_->sql("SELECT id, dossier_id, source, file, name, status, info, added_by, added_at FROM pages WHERE " + where + " ORDER BY id"),
      into(ids), into(dossiers), into(sources), into(files), into(names), into(statuses), into(infos), into(users), into(added);
  bind_param(st, value);
  st.execute();
  std::vector<PageRow> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    out.push_back({ids[i], dossiers[i], sources[i], files[i], names[i], statuses[i], Json::parse(infos[i]), users[i], added[i]});
  return out;
}

void Store::set_page_result(std::int64_t page, const std::string& status, const Json& info) {
  const auto held = db_->hold();
  std::string s = status, i = info.dump();
  db_->session() << db_->sql("UPDATE pages SET status = ?, info = ? WHERE id = ?"), use(s), use(i), bind(page), now;
}

void Store::delete_page(std::int64_t page, const std::string& user) {
  const auto held = db_->hold();
  const auto row = this->page(page);
  if (!row) throw StoreError("no page " + std::to_string(page));
  db_->transaction([&] {
    db_->session() << db_->sql("DELETE FROM pages WHERE id = ?"), bind(page), now;
    audit_locked(user, "delete_page", "dossier " + std::to_string(row->dossier), "page " + std::to_string(page));
  });
}

}  // namespace sohoa::station
