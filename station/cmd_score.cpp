#include <fstream>
#include <iostream>

#include "station/args.hpp"
#include "station/commands.hpp"
#include "tools/score/score.hpp"

namespace sohoa::station {

int cmd_score(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa score TRUTH PRED [--json FILE]\n"
                 "Compares dossier.json predictions with truth.json files. TRUTH and PRED are each a file, a\n"
                 "dossier folder, or a root of dossier folders matched by name. Reads PRED/run.json\n"
                 "({\"pages\": n, \"seconds\": s}) for pages per minute when present.\n";
    return 0;
  }
  const Args args(argv, {"json"}, {});
  if (args.positional().size() != 2) throw UsageError("needs TRUTH and PRED (see sohoa score --help)");
  const auto report = score::score_paths(args.positional()[0], args.positional()[1]);
  std::cout << report.summary();
  if (auto path = args.get("json")) {
    std::ofstream out(*path);
    out << report.to_json().dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + *path);
  }
  return 0;
}

}  // namespace sohoa::station
