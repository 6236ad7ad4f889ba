// sohoa: the document digitization and OCR ingestion station. One executable, one subcommand per job.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "station/args.hpp"
#include "ocr/engine.hpp"
#include "station/commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};

const Command kCommands[] = {
    {"synth", sohoa::station::cmd_synth, "generate scanned sample dossiers with ground truth"},
    {"prepare", sohoa::station::cmd_prepare, "find, cut out, straighten and clean the documents on scans"},
    {"ingest", sohoa::station::cmd_ingest, "read dossiers of scans into dossier.json records"},
    {"separator", sohoa::station::cmd_separator, "print separator sheets (PDF) that start each dossier of a fed batch"},
    {"split", sohoa::station::cmd_split, "split a fed batch (PDF, scans) into dossiers at separator sheets"},
    {"scan", sohoa::station::cmd_scan, "scan through SANE with a scanner profile into page images"},
    {"read", sohoa::station::cmd_read, "show what is read on scans, field by field (diagnostics)"},
    {"score", sohoa::station::cmd_score, "compare dossier.json results with truth.json"},
    {"serve", sohoa::station::cmd_serve, "run the station: intake and verification screens, API, workers"},
    {"users", sohoa::station::cmd_users, "add and list the station's accounts"},
    {"export", sohoa::station::cmd_export, "write a signed batch package: searchable PDFs, exchange XML, records"},
    {"upload", sohoa::station::cmd_upload, "send queued batch packages to the provincial intake (HTTPS, resumable)"},
    {"intake", sohoa::station::cmd_intake, "the provincial intake service: receive, verify and load batch packages"},
};

void usage(std::FILE* to) {
  std::fprintf(to, "usage: sohoa COMMAND [OPTIONS]   (sohoa COMMAND --help for its options)\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  sohoa::ocr::single_threaded_ocr(argv);
  if (argc < 2) {
    std::fprintf(stderr, "sohoa: no command given (sohoa --help lists them)\n");
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("sohoa %s\n", SOHOA_VERSION);
    return 0;
  }
  for (const auto& c : kCommands) {
    if (name != c.name) continue;
    try {
      return c.run(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const sohoa::station::UsageError& e) {
      std::fprintf(stderr, "sohoa %s: %s\n", c.name, e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sohoa %s: error: %s\n", c.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "sohoa: unknown command '%s' (sohoa --help lists them)\n", name.c_str());
  return 2;
}
