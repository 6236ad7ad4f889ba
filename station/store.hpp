// The station's store: dossiers, their pages, records, every correction and an append-only audit
// log, in SQLite through Poco::Data (one file under the data directory, write-ahead logging,
// synchronous commits), so that what the user was told is saved survives a power cut.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/field.hpp"

namespace Poco::Data {
class Session;
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
};

struct FieldChange {
  int document = 0;
  std::string path;  // "owners[0].name"
  Json old_value, new_value;
  std::string user, reason;
  std::int64_t at = 0;
};

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  // Opens (creating if needed) the SQLite store at `file`.
  explicit Store(const std::string& file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  std::int64_t create_dossier(const std::string& number, const std::string& user);
  std::optional<DossierRow> dossier(std::int64_t id) const;
  void add_page(std::int64_t dossier, const std::string& source, const std::string& file, const std::string& user);
  std::vector<std::string> pages(std::int64_t dossier) const;  // sources, in the order added

  // Saves the record (a dossier.json) and moves the dossier to `extracted`.
  void save_record(std::int64_t dossier, const Json& record, const std::string& user);
  std::optional<Json> record(std::int64_t dossier) const;

  // A clerk's correction of one field of a document: the record, the field's history and the
  // audit log change together or not at all. Throws StoreError for an unknown dossier or path.
  void correct_field(std::int64_t dossier, int document, const std::string& path, const Json& value, const std::string& user,
                     const std::string& reason);
  std::vector<FieldChange> history(std::int64_t dossier) const;

  // Throws StoreError when the state machine does not allow the move.
  void set_state(std::int64_t dossier, DossierState to, const std::string& user, const std::string& reason);
  // Dossiers in a state, oldest first (the verification queue).
  std::vector<DossierRow> queue(DossierState state) const;

  void audit(const std::string& user, const std::string& action, const std::string& object, const std::string& detail);
  // The newest entries first: {"at", "user", "action", "object", "detail"}.
  std::vector<Json> audit_log(std::size_t limit) const;

 private:
  // Dossier rows matching `where` (one '?' bound to value), oldest first: one query.
  std::vector<DossierRow> select_dossiers(const std::string& where, const std::string& value) const;

  std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace sohoa::station
