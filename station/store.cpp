#include "station/store.hpp"

#include <ctime>
#include <mutex>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

namespace sohoa::station {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

constexpr std::array<const char*, 7> kStates = {"scanned", "extracted", "in_verification", "approved",
                                                "rejected", "exported", "uploaded"};

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The node at a field path ("owners[0].name") under `fields`, or nullptr.
Json* at_path(Json& fields, const std::string& path) {
  Json* node = &fields;
  try {
    for (const auto& step : parse_field_path(path)) {
      if (!node->is_object() || !node->contains(step.key)) return nullptr;
      node = &(*node)[step.key];
      if (!step.index) continue;
      if (!node->is_array() || *step.index >= node->size()) return nullptr;
      node = &(*node)[*step.index];
    }
  } catch (const std::invalid_argument&) {
    return nullptr;
  }
  return node;
}

// Runs f inside a transaction: committed when f returns, rolled back when it throws.
template <typename F>
void transaction(Session& s, F&& f) {
  s.begin();
  try {
    f();
    s.commit();
  } catch (...) {
    s.rollback();
    throw;
  }
}

const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS dossiers (id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, state TEXT NOT NULL,"
    " created_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, record TEXT)",
    "CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id INTEGER NOT NULL REFERENCES dossiers(id),"
    " source TEXT NOT NULL, file TEXT NOT NULL, added_by TEXT NOT NULL, added_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS field_history (id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id INTEGER NOT NULL REFERENCES dossiers(id),"
    " document INTEGER NOT NULL, path TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL, user_name TEXT NOT NULL,"
    " reason TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user_name TEXT NOT NULL,"
    " action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL)",
    // the audit log is append-only, whoever holds the file's connection
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE INDEX IF NOT EXISTS dossiers_by_state ON dossiers(state, created_at)",
};

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

Store::Store(const std::string& file) {
  static std::once_flag registered;
  std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
  try {
    session_ = std::make_unique<Session>("SQLite", file);
    // write-ahead logging with a full sync at each commit: a commit the user was told about is on
    // disk before the call returns, and a kill at any point leaves the last committed state
    *session_ << "PRAGMA journal_mode=WAL", now;
    *session_ << "PRAGMA synchronous=FULL", now;
    *session_ << "PRAGMA foreign_keys=ON", now;
    *session_ << "PRAGMA busy_timeout=5000", now;
    for (const char* sql : kSchema) *session_ << sql, now;
  } catch (const Poco::Exception& e) {
    throw StoreError("cannot open the store " + file + ": " + e.displayText());
  }
}

Store::~Store() = default;

std::int64_t Store::create_dossier(const std::string& number, const std::string& user) {
  std::int64_t id = 0;
  transaction(*session_, [&] {
    const std::int64_t t = now_seconds();
    std::string n = number, u = user, state = to_string(DossierState::Scanned);
    *session_ << "INSERT INTO dossiers (number, state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", use(n), use(state),
        use(u), bind(t), bind(t), now;
    *session_ << "SELECT last_insert_rowid()", into(id), now;
    std::string object = "dossier " + std::to_string(id), action = "create_dossier", detail = "";
    *session_ << "INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)", bind(t), use(u), use(action),
        use(object), use(detail), now;
  });
  return id;
}

std::optional<DossierRow> Store::dossier(std::int64_t id) const {
  auto rows = select_dossiers("id = ?", std::to_string(id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<DossierRow> Store::select_dossiers(const std::string& where, const std::string& value) const {
  std::vector<std::int64_t> ids, created, updated;
  std::vector<std::string> numbers, states, creators;
  std::string v = value;
  *session_ << "SELECT id, number, state, created_by, created_at, updated_at FROM dossiers WHERE " + where + " ORDER BY created_at, id",
      into(ids), into(numbers), into(states), into(creators), into(created), into(updated), use(v), now;
  std::vector<DossierRow> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    out.push_back({ids[i], numbers[i], parse_state(states[i]).value_or(DossierState::Scanned), creators[i], created[i], updated[i]});
  return out;
}

void Store::add_page(std::int64_t dossier, const std::string& source, const std::string& file, const std::string& user) {
  if (!this->dossier(dossier)) throw StoreError("no dossier " + std::to_string(dossier));
  transaction(*session_, [&] {
    const std::int64_t t = now_seconds();
    std::string s = source, f = file, u = user;
    *session_ << "INSERT INTO pages (dossier_id, source, file, added_by, added_at) VALUES (?, ?, ?, ?, ?)", bind(dossier), use(s),
        use(f), use(u), bind(t), now;
    *session_ << "UPDATE dossiers SET updated_at = ? WHERE id = ?", bind(t), bind(dossier), now;
  });
  audit(user, "add_page", "dossier " + std::to_string(dossier), source);
}

std::vector<std::string> Store::pages(std::int64_t dossier) const {
  std::vector<std::string> sources;
  *session_ << "SELECT source FROM pages WHERE dossier_id = ? ORDER BY id", into(sources), bind(dossier), now;
  return sources;
}

void Store::save_record(std::int64_t dossier, const Json& record, const std::string& user) {
  const auto row = this->dossier(dossier);
  if (!row) throw StoreError("no dossier " + std::to_string(dossier));
  transaction(*session_, [&] {
    const std::int64_t t = now_seconds();
    std::string text = record.dump(), state = to_string(DossierState::Extracted), u = user;
    *session_ << "UPDATE dossiers SET record = ?, state = ?, updated_at = ? WHERE id = ?", use(text), use(state), bind(t), bind(dossier),
        now;
    std::string action = "save_record", object = "dossier " + std::to_string(dossier), detail = "";
    *session_ << "INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)", bind(t), use(u), use(action),
        use(object), use(detail), now;
  });
}

std::optional<Json> Store::record(std::int64_t dossier) const {
  std::vector<Poco::Nullable<std::string>> text;
  *session_ << "SELECT record FROM dossiers WHERE id = ?", into(text), bind(dossier), now;
  if (text.empty() || text[0].isNull()) return std::nullopt;
  return Json::parse(text[0].value());
}

void Store::correct_field(std::int64_t dossier, int document, const std::string& path, const Json& value, const std::string& user,
                          const std::string& reason) {
  transaction(*session_, [&] {
    std::vector<Poco::Nullable<std::string>> text;
    *session_ << "SELECT record FROM dossiers WHERE id = ?", into(text), bind(dossier), now;
    if (text.empty() || text[0].isNull()) throw StoreError("dossier " + std::to_string(dossier) + " has no record to correct");
    Json record = Json::parse(text[0].value());
    Json& docs = record["documents"];
    if (document < 0 || static_cast<std::size_t>(document) >= docs.size())
      throw StoreError("dossier " + std::to_string(dossier) + " has no document " + std::to_string(document));
    Json* field = at_path(docs[static_cast<std::size_t>(document)]["fields"], path);
    if (!field || !field->is_object() || !field->contains("value")) throw StoreError("no field " + path + " in that document");
    std::string old_value = (*field)["value"].dump(), new_value = value.dump();
    (*field)["value"] = value;
    (*field)["confidence"] = 1.0;
    (*field)["review"] = false;
    const std::int64_t t = now_seconds();
    std::string updated = record.dump(), p = path, u = user, r = reason;
    *session_ << "UPDATE dossiers SET record = ?, updated_at = ? WHERE id = ?", use(updated), bind(t), bind(dossier), now;
    *session_ << "INSERT INTO field_history (dossier_id, document, path, old_value, new_value, user_name, reason, at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        bind(dossier), bind(document), use(p), use(old_value), use(new_value), use(u), use(r), bind(t), now;
    // the audit names the field, never its value (personal data stays out of the log)
    std::string action = "correct_field", object = "dossier " + std::to_string(dossier), detail = "document " + std::to_string(document) + " " + path;
    *session_ << "INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)", bind(t), use(u), use(action),
        use(object), use(detail), now;
  });
}

std::vector<FieldChange> Store::history(std::int64_t dossier) const {
  std::vector<int> documents;
  std::vector<std::string> paths, olds, news, users, reasons;
  std::vector<std::int64_t> ats;
  *session_ << "SELECT document, path, old_value, new_value, user_name, reason, at FROM field_history WHERE dossier_id = ? ORDER BY id",
      into(documents), into(paths), into(olds), into(news), into(users), into(reasons), into(ats), bind(dossier), now;
  std::vector<FieldChange> out;
  for (std::size_t i = 0; i < paths.size(); ++i)
    out.push_back({documents[i], paths[i], Json::parse(olds[i]), Json::parse(news[i]), users[i], reasons[i], ats[i]});
  return out;
}

void Store::set_state(std::int64_t dossier, DossierState to, const std::string& user, const std::string& reason) {
  transaction(*session_, [&] {
    std::vector<std::string> states;
    *session_ << "SELECT state FROM dossiers WHERE id = ?", into(states), bind(dossier), now;
    if (states.empty()) throw StoreError("no dossier " + std::to_string(dossier));
    const auto from = parse_state(states[0]).value_or(DossierState::Scanned);
    if (!transition_allowed(from, to))
      throw StoreError("dossier " + std::to_string(dossier) + " cannot go from " + to_string(from) + " to " + to_string(to));
    const std::int64_t t = now_seconds();
    std::string state = to_string(to), u = user, action = "set_state", object = "dossier " + std::to_string(dossier);
    std::string detail = to_string(from) + " -> " + state + (reason.empty() ? "" : ": " + reason);
    *session_ << "UPDATE dossiers SET state = ?, updated_at = ? WHERE id = ?", use(state), bind(t), bind(dossier), now;
    *session_ << "INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)", bind(t), use(u), use(action),
        use(object), use(detail), now;
  });
}

std::vector<DossierRow> Store::queue(DossierState state) const { return select_dossiers("state = ?", to_string(state)); }

void Store::audit(const std::string& user, const std::string& action, const std::string& object, const std::string& detail) {
  const std::int64_t t = now_seconds();
  std::string u = user, a = action, o = object, d = detail;
  *session_ << "INSERT INTO audit (at, user_name, action, object, detail) VALUES (?, ?, ?, ?, ?)", bind(t), use(u), use(a), use(o),
      use(d), now;
}

std::vector<Json> Store::audit_log(std::size_t limit) const {
  std::vector<std::int64_t> ats;
  std::vector<std::string> users, actions, objects, details;
  const auto n = static_cast<std::int64_t>(limit);
  *session_ << "SELECT at, user_name, action, object, detail FROM audit ORDER BY id DESC LIMIT ?", into(ats), into(users), into(actions),
      into(objects), into(details), bind(n), now;
  std::vector<Json> out;
  for (std::size_t i = 0; i < ats.size(); ++i)
    out.push_back({{"at", ats[i]}, {"user", users[i]}, {"action", actions[i]}, {"object", objects[i]}, {"detail", details[i]}});
  return out;
}

}  // namespace sohoa::station
