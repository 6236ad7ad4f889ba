// The batch package: one ZIP per upload batch holding, per dossier, its searchable PDF, its
// exchange XML and its dossier.json, with manifest.json (what is in it, with SHA-256 of every
// file) and manifest.sig (the station's Ed25519 signature of manifest.json, base64). Format:
// docs/export-package.md.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "export/dossier_export.hpp"
#include "export/signing.hpp"

namespace sohoa::exporter {

struct PackageOptions {
  std::string batch_id;
  std::string station_id;
  std::string created_at;  // ISO 8601 UTC; now when empty
};

// Renders every dossier and writes the signed ZIP to out (atomically: out.tmp then renamed).
// Returns the manifest. Throws ExportError naming the dossier and what failed.
Json write_package(const std::vector<DossierExport>& dossiers, const PackageOptions& options, const StationKey& key,
                   const std::filesystem::path& out);

struct Verification {
  bool ok = false;
  std::vector<std::string> problems;  // each names the file and what is wrong with it
  Json manifest;                      // as read (null when it could not be read)
  std::string signed_by;              // key id of the trusted key that verified it
};

// What a receiver checks: the ZIP reads, manifest.json and manifest.sig are there, the signature is
// valid under one of the trusted public keys (PEM), every listed file is there with its size and
// SHA-256, and nothing else is in the ZIP. Never throws for a bad package.
Verification verify_package(const std::filesystem::path& zip, const std::vector<std::string>& trusted_public_pems);

// The same on the ZIP's bytes.
Verification verify_package_bytes(const std::string& zip, const std::vector<std::string>& trusted_public_pems);

// The files of a ZIP by path (throws ExportError when it does not read as a ZIP).
std::vector<std::pair<std::string, std::string>> read_zip(const std::string& zip_bytes);

// Trusted public keys: every *.pem / *.pub file of a folder, or the one file given.
std::vector<std::string> load_public_keys(const std::filesystem::path& file_or_dir);

}  // namespace sohoa::exporter
