// The provincial intake's database (PostgreSQL through libpq): batches received, and the records
// they carry as parcels, land-use purposes, owners, identity papers, certificates and scan files.
// Every row is keyed by the exchange XML's GUIDs (stable across re-exports), scan files by
// dossier and path: loading the same records again changes nothing, a newer package of a dossier
// replaces its rows.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "core/field.hpp"

namespace sohoa::exporter {

struct ReceivedBatch {
  std::string package_sha256;
  Json receipt;
};

class IntakeStore {
 public:
  enum class Tables { Create, Present };
  // Connects (libpq connection string) and creates the tables if they are not there (Create), or
  // takes them as made by an earlier store (Present: the intake server's requests).
  explicit IntakeStore(const std::string& conninfo, Tables tables = Tables::Create);
  ~IntakeStore();
  IntakeStore(const IntakeStore&) = delete;
  IntakeStore& operator=(const IntakeStore&) = delete;

  std::optional<ReceivedBatch> batch(const std::string& batch_id);
  // Loads a verified package (its files by path) in one transaction and records the batch with
  // its receipt. Returns the receipt. Throws std::runtime_error (nothing is kept) on failure.
  Json load(const Json& manifest, const std::map<std::string, std::string>& files, const std::string& package_sha256);

 private:
  void* conn_;  // PGconn*
  std::string conninfo_;
};

}  // namespace sohoa::exporter
