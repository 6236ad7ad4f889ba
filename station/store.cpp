#include "station/store.hpp"

#include <ctime>

#include <Poco/Data/Statement.h>

#include "station/db.hpp"

namespace sohoa::station {
namespace {

using namespace Poco::Data::Keywords;

constexpr std::array<const char*, 7> kStates = {"scanned", "extracted", "in_verification", "approved",
                                                "rejected", "exported", "uploaded"};

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// Both dialects: {id} is an auto-numbered key; times are unix seconds; flags are 0/1.
const char* kTables[] = {
    "CREATE TABLE IF NOT EXISTS dossiers (id {id}, number TEXT NOT NULL, state TEXT NOT NULL, created_by TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, record TEXT, closed INTEGER NOT NULL DEFAULT 0,"
    " station TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', fields INTEGER NOT NULL DEFAULT 0,"
    " flagged INTEGER NOT NULL DEFAULT 0, batch TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS pages (id {id}, dossier_id BIGINT NOT NULL REFERENCES dossiers(id), source TEXT NOT NULL,"
    " file TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'received', info TEXT NOT NULL DEFAULT '{}', added_by TEXT NOT NULL,"
    " added_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS field_history (id {id}, dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
    " document INTEGER NOT NULL, path TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL, user_name TEXT NOT NULL,"
    " reason TEXT NOT NULL, at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit (id {id}, at BIGINT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,"
    " object TEXT NOT NULL, detail TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),"
    " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dossiers_by_state ON dossiers(state, created_at)",
    "CREATE INDEX IF NOT EXISTS pages_by_dossier ON pages(dossier_id)",
    "CREATE INDEX IF NOT EXISTS pages_by_status ON pages(status)",
    "CREATE INDEX IF NOT EXISTS history_by_dossier ON field_history(dossier_id)",
    "CREATE INDEX IF NOT EXISTS audit_by_object ON audit(object)",
};

// The audit log is append-only, whoever holds a connection to the database.
const char* kAppendOnlySQLite[] = {
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
};
const char* kAppendOnlyPostgreSQL[] = {
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
};

void count(const Json& record, int& fields, int& flagged) {
  fields = flagged = 0;
  for (const auto& doc : record.value("documents", Json::array())) count_fields(doc.value("fields", Json::object()), fields, flagged);
}

}  // namespace

std::string to_string(DossierState s) { return kStates[static_cast<std::size_t>(s)]; }

std::optional<DossierState> parse_state(std::string_view s) {
  for (std::size_t i = 0; i < kStates.size(); ++i)
    if (s == kStates[i]) return static_cast<DossierState>(i);
  return std::nullopt;
}

bool transition_allowed(DossierState from, DossierState to) {
  using S = DossierState;
  switch (from) {
    case S::Scanned: return to == S::Extracted;
    case S::Extracted: return to == S::InVerification || to == S::Scanned;
    case S::InVerification: return to == S::Approved || to == S::Rejected;
    case S::Rejected: return to == S::Scanned || to == S::InVerification;
    case S::Approved: return to == S::Exported || to == S::InVerification;
    case S::Exported: return to == S::Uploaded;
    case S::Uploaded: return false;
  }
  return false;
}

Store::Store(const std::string& connection, const std::string& station) : station_(station) {
  try {
    db_ = std::make_unique<Db>(connection);
    const auto held = db_->hold();
    auto& s = db_->session();
    if (db_->dialect() == Dialect::SQLite) {
      // write-ahead logging with a full sync at each commit: a commit the user was told about is
      // on disk before the call returns, and a kill at any point leaves the last committed state
      s << "PRAGMA journal_mode=WAL", now;
      s << "PRAGMA synchronous=FULL", now;
      s << "PRAGMA foreign_keys=ON", now;
      s << "PRAGMA busy_timeout=5000", now;
    }
    for (const char* sql : kTables) s << db_->sql(sql), now;
    if (db_->dialect() == Dialect::SQLite)
      for (const char* sql : kAppendOnlySQLite) s << sql, now;
    else
      for (const char* sql : kAppendOnlyPostgreSQL) s << sql, now;
  } catch (const Poco::Exception& e) {
    throw StoreError("cannot open the store " + Db::redacted(connection) + ": " + e.displayText());
  }
}

Store::~Store() = default;

std::int64_t Store::create_dossier(const std::string& number, const std::string& user) {
  const auto held = db_->hold();
  std::int64_t id = 0;
  db_->transaction([&] {
    const std::int64_t t = now_seconds();
    std::string n = number, u = user, state = to_string(DossierState::Scanned), station = station_;
    db_->session() << db_->sql("INSERT INTO dossiers (number, state, created_by, created_at, updated_at, station)"
                               " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        use(n), use(state), use(u), bind(t), bind(t), use(station), into(id), now;
    audit_locked(user, "create_dossier", "dossier " + std::to_string(id), "");
  });
  return id;
}

std::optional<DossierRow> Store::dossier(std::int64_t id) const {
  auto rows = select_dossiers("id = ?", Param(id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<DossierRow> Store::dossiers(const std::vector<DossierState>& states, const std::string& creator) const {
  std::string where = "1 = 1";
  if (!states.empty()) {
    where += " AND state IN (";
    for (std::size_t i = 0; i < states.size(); ++i) where += (i ? ", '" : "'") + to_string(states[i]) + "'";  // our own words
    where += ")";
  }
  if (creator.empty()) return select_dossiers(where, Param());
  return select_dossiers(where + " AND created_by = ?", Param(creator));
}

std::vector<DossierRow> Store::to_read() const {
  return select_dossiers("closed = 1 AND error = '' AND state = 'scanned' AND station = ?", Param(station_));
}

void Store::bind_param(Poco::Data::Statement& st, const Param& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) st.addBind(Poco::Data::Keywords::bind(*n));
  if (const auto* s = std::get_if<std::string>(&value)) st.addBind(Poco::Data::Keywords::bind(*s));
}

std::vector<DossierRow> Store::select_dossiers(const std::string& where, const Param& value) const {
  const auto held = db_->hold();
  std::vector<std::int64_t> ids, created, updated;
  std::vector<std::string> numbers, states, creators, stations, errors, batches;
  std::vector<int> closed, pages, fields, flagged;
  const std::string sql = db_->sql(
      "SELECT id, number, state, created_by, created_at, updated_at, closed, station, error, fields, flagged, batch,"
      " (SELECT count(*) FROM pages p WHERE p.dossier_id = d.id) FROM dossiers d WHERE " + where + " ORDER BY created_at, id");
  Poco::Data::Statement st(db_->session());
  st << sql, into(ids), into(numbers), into(states), into(creators), into(created), into(updated), into(closed), into(stations),
      into(errors), into(fields), into(flagged), into(batches), into(pages);
  bind_param(st, value);
  st.execute();
  std::vector<DossierRow> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    out.push_back({ids[i], numbers[i], parse_state(states[i]).value_or(DossierState::Scanned), creators[i], created[i], updated[i],
                   closed[i] != 0, stations[i], errors[i], pages[i], fields[i], flagged[i], batches[i]});
  return out;
}

std::vector<DossierRow> Store::file_batch(const std::string& batch, const std::string& user) {
  const auto held = db_->hold();
  db_->transaction([&] {
    std::string b = batch, station = station_, approved = to_string(DossierState::Approved);
    db_->session() << db_->sql("UPDATE dossiers SET batch = ? WHERE batch = '' AND state = ? AND station = ?"), use(b), use(approved),
        use(station), now;
    audit_locked(user, "file_batch", "batch " + batch, "");
  });
  auto rows = batch_dossiers(batch);
  if (rows.empty()) throw StoreError("no approved dossier to put in batch " + batch);
  return rows;
}

std::string Store::approver(std::int64_t dossier) const {
  for (const auto& e : audit_log(100000, "dossier " + std::to_string(dossier)))  // newest first
    if (e["action"] == "set_state" && e["detail"].get<std::string>().find("-> approved") != std::string::npos) return e["user"];
  return "";
}

void Store::close_dossier(std::int64_t id, const std::string& user) {
  const auto held = db_->hold();
  db_->transaction([&] {
    const std::int64_t t = now_seconds();
    db_->session() << db_->sql("UPDATE dossiers SET closed = 1, error = '', updated_at = ? WHERE id = ?"), bind(t), bind(id), now;
    audit_locked(user, "close_dossier", "dossier " + std::to_string(id), "");
  });
}

void Store::set_error(std::int64_t id, const std::string& error) {
  const auto held = db_->hold();
  std::string e = error;
  db_->session() << db_->sql("UPDATE dossiers SET error = ? WHERE id = ?"), use(e), bind(id), now;
}

void Store::save_record(std::int64_t dossier, const Json& record, const std::string& user) {
  const auto held = db_->hold();
  if (!this->dossier(dossier)) throw StoreError("no dossier " + std::to_string(dossier));
  db_->transaction([&] {
    const std::int64_t t = now_seconds();
    int fields = 0, flagged = 0;
    count(record, fields, flagged);
    std::string text = record.dump(), state = to_string(DossierState::Extracted);
    db_->session() << db_->sql("UPDATE dossiers SET record = ?, state = ?, updated_at = ?, fields = ?, flagged = ? WHERE id = ?"),
        use(text), use(state), bind(t), bind(fields), bind(flagged), bind(dossier), now;
    audit_locked(user, "save_record", "dossier " + std::to_string(dossier), "");
  });
}

std::optional<Json> Store::record(std::int64_t dossier) const {
  const auto held = db_->hold();
  std::vector<Poco::Nullable<std::string>> text;
  db_->session() << db_->sql("SELECT record FROM dossiers WHERE id = ?"), into(text), bind(dossier), now;
  if (text.empty() || text[0].isNull()) return std::nullopt;
  return Json::parse(text[0].value());
}

Json Store::correct_field(std::int64_t dossier, int document, const std::string& path, const Json& value, const std::string& user,
                          const std::string& reason, const std::function<void(Json&)>& recheck) {
  const auto held = db_->hold();
  Json corrected;
  db_->transaction([&] {
    std::vector<Poco::Nullable<std::string>> text;
    db_->session() << db_->sql("SELECT record FROM dossiers WHERE id = ?{for_update}"), into(text), bind(dossier), now;
    if (text.empty() || text[0].isNull()) throw StoreError("dossier " + std::to_string(dossier) + " has no record to correct");
    Json record = Json::parse(text[0].value());
    Json& docs = record["documents"];
    if (document < 0 || static_cast<std::size_t>(document) >= docs.size())
      throw StoreError("dossier " + std::to_string(dossier) + " has no document " + std::to_string(document));
    Json& doc = docs[static_cast<std::size_t>(document)];
    Json* field = field_at(doc["fields"], path);
    if (!field || !field->is_object() || !field->contains("value")) throw StoreError("no field " + path + " in that document");
    std::string old_value = (*field)["value"].dump(), new_value = value.dump();
    (*field)["value"] = value;
    (*field)["confidence"] = 1.0;
    (*field)["review"] = false;
    if (recheck) recheck(doc);
    corrected = doc;
    int fields = 0, flagged = 0;
    count(record, fields, flagged);
    const std::int64_t t = now_seconds();
    std::string updated = record.dump(), p = path, u = user, r = reason;
    db_->session() << db_->sql("UPDATE dossiers SET record = ?, updated_at = ?, fields = ?, flagged = ? WHERE id = ?"), use(updated),
        bind(t), bind(fields), bind(flagged), bind(dossier), now;
    db_->session() << db_->sql("INSERT INTO field_history (dossier_id, document, path, old_value, new_value, user_name, reason, at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        bind(dossier), bind(document), use(p), use(old_value), use(new_value), use(u), use(r), bind(t), now;
    // the audit names the field, never its value (personal data stays out of the log)
    audit_locked(user, "correct_field", "dossier " + std::to_string(dossier), "document " + std::to_string(document) + " " + path);
  });
  return corrected;
}

std::vector<FieldChange> Store::history(std::int64_t dossier) const {
  const auto held = db_->hold();
  std::vector<int> documents;
  std::vector<std::string> paths, olds, news, users, reasons;
  std::vector<std::int64_t> ats;
  db_->session() << db_->sql("SELECT document, path, old_value, new_value, user_name, reason, at FROM field_history"
                             " WHERE dossier_id = ? ORDER BY id"),
      into(documents), into(paths), into(olds), into(news), into(users), into(reasons), into(ats), bind(dossier), now;
  std::vector<FieldChange> out;
  for (std::size_t i = 0; i < paths.size(); ++i)
    out.push_back({documents[i], paths[i], Json::parse(olds[i]), Json::parse(news[i]), users[i], reasons[i], ats[i]});
  return out;
}

void Store::set_state(std::int64_t dossier, DossierState to, const std::string& user, const std::string& reason) {
  const auto held = db_->hold();
  db_->transaction([&] {
    std::vector<std::string> states;
    db_->session() << db_->sql("SELECT state FROM dossiers WHERE id = ?{for_update}"), into(states), bind(dossier), now;
    if (states.empty()) throw StoreError("no dossier " + std::to_string(dossier));
    const auto from = parse_state(states[0]).value_or(DossierState::Scanned);
    if (!transition_allowed(from, to))
      throw StoreError("dossier " + std::to_string(dossier) + " cannot go from " + to_string(from) + " to " + to_string(to));
    const std::int64_t t = now_seconds();
    std::string state = to_string(to);
    db_->session() << db_->sql("UPDATE dossiers SET state = ?, updated_at = ? WHERE id = ?"), use(state), bind(t), bind(dossier), now;
    audit_locked(user, "set_state", "dossier " + std::to_string(dossier), to_string(from) + " -> " + state + (reason.empty() ? "" : ": " + reason));
  });
}

void Store::audit(const std::string& user, const std::string& action, const std::string& object, const std::string& detail) {
  const auto held = db_->hold();
  audit_locked(user, action, object, detail);
}

void Store::audit_locked(const std::string& user, const std::string& action, const std::string& object, const std::string& detail) {
  const std::int64_t t = now_seconds();
  std::string u = user, a = action, o = object, d = detail;
  db_->session() << db_->sql("INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)"), bind(t), use(u), use(a),
      use(o), use(d), now;
}

std::vector<Json> Store::audit_log(std::size_t limit, const std::string& object) const {
  const auto held = db_->hold();
  std::vector<std::int64_t> ats;
  std::vector<std::string> users, actions, objects, details;
  auto n = static_cast<std::int64_t>(limit);
  std::string o = object;
  if (object.empty())
    db_->session() << db_->sql("SELECT at, user_name, action, object, detail FROM audit ORDER BY id DESC LIMIT ?"), into(ats),
        into(users), into(actions), into(objects), into(details), bind(n), now;
  else
    db_->session() << db_->sql("SELECT at, user_name, action, object, detail FROM audit WHERE object = ? ORDER BY id DESC LIMIT ?"),
        into(ats), into(users), into(actions), into(objects), into(details), use(o), bind(n), now;
  std::vector<Json> out;
  for (std::size_t i = 0; i < ats.size(); ++i)
    out.push_back({{"at", ats[i]}, {"user", users[i]}, {"action", actions[i]}, {"object", objects[i]}, {"detail", details[i]}});
  return out;
}

}  // namespace sohoa::station
