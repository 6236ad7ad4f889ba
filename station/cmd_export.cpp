#include <cstdio>
#include <iostream>

#include "export/package.hpp"
#include "station/args.hpp"
#include "station/batch_export.hpp"
#include "station/commands.hpp"

namespace sohoa::station {

namespace fs = std::filesystem;

int cmd_export(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa export --batch ID --out FILE.zip [--data DIR] [--store CONNECTION] [--key FILE] [--station ID]\n"
                 "  sohoa export DOSSIER_DIR... --out FILE.zip --batch-id ID\n"
                 "  [--station ID] [--key FILE] [--scans DIR] [--operator NAME] [--clerk NAME]\n"
                 "  sohoa export --public-key [--key FILE]\n"
                 "  sohoa export --verify FILE.zip --trusted-keys DIR|FILE\n"
                 "Writes one signed batch package: per dossier (an ingest output folder with dossier.json and\n"
                 "ocr.json) its searchable PDF, its exchange XML and its dossier.json, with manifest.json and\n"
                 "manifest.sig. Scans are found in --scans DIR (DIR/<source> or DIR/<dossier id>/<source>) or at\n"
                 "the paths ocr.json recorded. --key is the station's Ed25519 key (default station-key.pem),\n"
                 "made on first use; --public-key prints its public half for the province's intake. --verify checks a\n"
                 "package as the receiver does and names every problem (exit 1 when there is one).\n"
                 "With --batch, the station's store (DIR/store.sqlite, or --store) gives the dossiers: every approved\n"
                 "dossier not yet exported is filed into batch ID (again: the same dossiers), written from its record,\n"
                 "scans and OCR words, and marked exported; the key defaults to DIR/station-key.pem.\n";
    return 0;
  }
  const Args args(argv, {"out", "batch-id", "station", "key", "scans", "operator", "clerk", "verify", "trusted-keys", "batch", "data", "store"}, {"public-key"});
  if (const auto package = args.get("verify")) {
    const auto v = exporter::verify_package(*package, exporter::load_public_keys(args.require("trusted-keys")));
    for (const auto& p : v.problems) std::fprintf(stderr, "sohoa export: %s: %s\n", package->c_str(), p.c_str());
    if (v.ok)
      std::printf("%s: batch %s verified: signed by station key %s, %d files as listed\n", package->c_str(),
                  v.manifest.value("batch_id", "").c_str(), v.signed_by.c_str(), v.manifest["counts"].value("files", 0));
    return v.ok ? 0 : 1;
  }
  if (const auto batch = args.get("batch")) {
    if (!args.positional().empty()) throw UsageError("--batch takes its dossiers from the store, not folders");
    const fs::path data = args.get("data").value_or("sohoa-data");
    Store store(args.get("store").value_or((data / "store.sqlite").string()), args.get("station").value_or("local"));
    const auto r = export_batch(store, data, *batch, args.get("station").value_or("local"),
                                args.get("key").value_or((data / "station-key.pem").string()), args.require("out"), "export");
    std::printf("wrote %s: batch %s, %zu dossier(s), %d file(s)\n", args.require("out").c_str(), batch->c_str(), r.dossiers.size(),
                r.manifest["counts"]["files"].get<int>());
    return 0;
  }
  const fs::path key_file = args.get("key").value_or("station-key.pem");
  if (args.flag("public-key")) {
    std::cout << exporter::StationKey::load_or_create(key_file).public_pem();
    return 0;
  }
  const fs::path out = args.require("out");
  exporter::PackageOptions options;
  options.batch_id = args.require("batch-id");
  options.station_id = args.get("station").value_or("station");
  if (args.positional().empty()) throw UsageError("needs at least one ingest output folder (with dossier.json)");
  std::optional<fs::path> scans;
  if (const auto s = args.get("scans")) {
    if (!fs::is_directory(*s)) throw UsageError("--scans " + *s + " is not a folder");
    scans = *s;
  }
  std::vector<exporter::DossierExport> dossiers;
  for (const auto& dir : args.positional())
    dossiers.push_back(exporter::load_ingest_folder(dir, scans, args.get("operator").value_or(""), args.get("clerk").value_or("")));
  const auto key = exporter::StationKey::load_or_create(key_file);
  const Json manifest = exporter::write_package(dossiers, options, key, out);
  std::printf("wrote %s: batch %s, %zu dossier(s), %d file(s), signed by key %s\n", out.string().c_str(), options.batch_id.c_str(),
              dossiers.size(), manifest["counts"]["files"].get<int>(), key.key_id().c_str());
  return 0;
}

}  // namespace sohoa::station
