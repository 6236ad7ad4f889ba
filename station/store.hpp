// The station's store: dossiers, their pages, records, every correction, accounts, sessions and
// an append-only audit log, through Poco::Data on SQLite (one file under the data directory,
// write-ahead logging, synchronous commits) or PostgreSQL (a district's shared queue), so that
// what the user was told is saved survives a power cut. Every call is one transaction; the store
// may be shared by the server's threads.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/field.hpp"

namespace sohoa::station {

class Db;
}  // namespace sohoa::station
namespace Poco::Data {
class Statement;
}
namespace sohoa::station {

// scanned -> extracted -> in_verification -> approved | rejected -> exported -> uploaded;
// a rejected dossier goes back to scanned (re-scan) or to in_verification.
enum class DossierState { Scanned, Extracted, InVerification, Approved, Rejected, Exported, Uploaded };
std::string to_string(DossierState s);
std::optional<DossierState> parse_state(std::string_view s);
bool transition_allowed(DossierState from, DossierState to);

struct DossierRow {
  std::int64_t id = 0;
  std::string number;  // the dossier's own number (barcode), may be empty
  DossierState state = DossierState::Scanned;
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;  // unix seconds
  bool closed = false;   // the operator has closed it: its pages are to be read
  std::string station;   // the station whose disk holds its scans
  std::string error;     // why reading it failed, if it did
  int pages = 0, fields = 0, flagged = 0;
  std::string batch;     // the upload batch it was exported in
};

struct PageRow {
  std::int64_t id = 0, dossier = 0;
  std::string source;  // unique name within the dossier, the record's `source`
  std::string file;    // where the original is kept
  std::string name;    // the file's name as the operator gave it (shown, never logged)
  std::string status;  // received, prepared, failed
  Json info;           // size, documents found, quality verdict (or the error)
  std::string added_by;
  std::int64_t added_at = 0;
};

struct FieldChange {
  int document = 0;
  std::string path;  // "owners[0].name"
  Json old_value, new_value;
  std::string user, reason;
  std::int64_t at = 0;
};

struct UserRow {
  std::string username, name, role, password_hash;
  bool active = true;
};

// What an account change changes; an empty member is kept as it is.
struct UserChange {
  std::optional<std::string> name, role, password_hash;
  std::optional<bool> active;
};

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A change refused because it would leave the station without an active admin account.
struct LastAdminError : StoreError {
  using StoreError::StoreError;
};

class Store {
 public:
  // Opens (creating the tables if needed) the store a connection string names: a SQLite file
  // path (or "sqlite:PATH") or "postgresql:host=… dbname=…".
  explicit Store(const std::string& connection, const std::string& station = "local");
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- dossiers
  std::int64_t create_dossier(const std::string& number, const std::string& user);
  std::optional<DossierRow> dossier(std::int64_t id) const;
  // Dossiers, oldest first, in any of `states` (all when empty), created by `creator` when given.
  std::vector<DossierRow> dossiers(const std::vector<DossierState>& states, const std::string& creator = "") const;
  std::vector<DossierRow> queue(DossierState state) const { return dossiers({state}); }
  // The operator closes the dossier: its pages are then read (see to_read).
  void close_dossier(std::int64_t id, const std::string& user);
  // Closed dossiers of this station still to be read, oldest first.
  std::vector<DossierRow> to_read() const;
  void set_error(std::int64_t id, const std::string& error);

  // --- upload batches
  // Files every approved dossier of this station not yet in a batch into `batch` (a batch that
  // exists already keeps its dossiers: a re-export carries the same set). Returns the batch's
  // dossiers. Throws StoreError when the batch would be empty.
  std::vector<DossierRow> file_batch(const std::string& batch, const std::string& user);
  std::vector<DossierRow> batch_dossiers(const std::string& batch) const { return select_dossiers("batch = ?", Param(batch)); }
  // Who approved the dossier (its last move to approved), or "".
  std::string approver(std::int64_t dossier) const;

  // --- pages
  std::int64_t add_page(std::int64_t dossier, const std::string& source, const std::string& file, const std::string& user,
                        const std::string& name = "");
  std::vector<std::string> pages(std::int64_t dossier) const;  // sources, in the order added
  std::vector<PageRow> page_rows(std::int64_t dossier) const;
  std::optional<PageRow> page(std::int64_t id) const;
  // Pages still to be prepared (status received) of this station's dossiers, oldest first.
  std::vector<PageRow> pages_to_prepare() const;
  void set_page_result(std::int64_t page, const std::string& status, const Json& info);
  void delete_page(std::int64_t page, const std::string& user);

  // --- records
  // Saves the record (a dossier.json) and moves the dossier to `extracted`.
  void save_record(std::int64_t dossier, const Json& record, const std::string& user);
  std::optional<Json> record(std::int64_t dossier) const;
  // A clerk's correction of one field of a document: the record, the field's history and the
  // audit log change together or not at all. `recheck` (may be empty) re-runs the document's
  // checks on the corrected document inside the same transaction. Returns the corrected document.
  // Throws StoreError for an unknown dossier, document or path.
  Json correct_field(std::int64_t dossier, int document, const std::string& path, const Json& value, const std::string& user,
                     const std::string& reason, const std::function<void(Json& document)>& recheck = {});
  std::vector<FieldChange> history(std::int64_t dossier) const;

  // Throws StoreError when the state machine does not allow the move.
  void set_state(std::int64_t dossier, DossierState to, const std::string& user, const std::string& reason);

  // --- accounts and sessions
  void create_user(const UserRow& user, const std::string& by);
  // Changes an account. A new password or a disabled account ends the account's sessions, all but
  // `keep_session` (the token hash of the session that changed its own password). Throws
  // StoreError for an unknown account or a change that would leave the station no active admin.
  UserRow update_user(const std::string& username, const UserChange& change, const std::string& by,
                      const std::string& keep_session = "");
  std::optional<UserRow> user(const std::string& username) const;
  std::vector<UserRow> users() const;
  void create_session(const std::string& token_hash, const std::string& username, std::int64_t expires_at);
  // The session's user if the session exists and has not expired.
  std::optional<UserRow> session_user(const std::string& token_hash) const;
  void delete_session(const std::string& token_hash);
  std::optional<std::string> setting(const std::string& key) const;
  void set_setting(const std::string& key, const std::string& value, const std::string& user);

  // Failed logins of a user name since its last successful login, within the last `seconds`.
  int failed_logins(const std::string& username, std::int64_t seconds) const;

  // --- audit
  void audit(const std::string& user, const std::string& action, const std::string& object, const std::string& detail);
  // The newest entries first: {"at", "user", "action", "object", "detail"}; of one object if given.
  std::vector<Json> audit_log(std::size_t limit, const std::string& object = "") const;

 private:
  // Rows matching `where`, whose one '?' (if any) takes `value` (PostgreSQL compares a number
  // only with a number); oldest first.
  using Param = std::variant<std::monostate, std::int64_t, std::string>;
  std::vector<DossierRow> select_dossiers(const std::string& where, const Param& value) const;
  std::vector<PageRow> select_pages(const std::string& where, const Param& value) const;
  static void bind_param(Poco::Data::Statement& st, const Param& value);
  void audit_locked(const std::string& user, const std::string& action, const std::string& object, const std::string& detail);

  std::unique_ptr<Db> db_;  // each call holds a connection (Db::Hold) for its queries
  std::string station_;
};

}  // namespace sohoa::station
