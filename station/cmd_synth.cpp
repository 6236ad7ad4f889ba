#include <cstdio>
#include <iostream>

#include "station/args.hpp"
#include "station/commands.hpp"
#include "tools/synth/synth.hpp"

namespace sohoa::station {

int cmd_synth(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa synth --out DIR [--dossiers N] [--seed S] [--hard] [--threads T] [--smudge PATH]\n"
                 "Generates N scanned dossiers (land certificate + owners' ID cards) with truth.json\n"
                 "and geometry.json in DIR/d0001, DIR/d0002, … The same seed gives the same bytes.\n"
                 "  --hard  photocopies, phone photos, glare, aged paper, handwriting, 150 dpi, JPEG 40\n"
                 "  --smudge PATH  cover the printed value of field PATH (e.g. parcel.map_sheet) with an\n"
                 "                 ink blot; truth.json keeps the real value (a field to correct, for tests)\n";
    return 0;
  }
  const Args args(argv, {"out", "dossiers", "seed", "threads", "smudge"}, {"hard"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  synth::SynthOptions o;
  o.out = args.require("out");
  o.dossiers = static_cast<int>(args.integer("dossiers", 1, 1, 100000));
  o.seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, INT64_MAX));
  o.threads = static_cast<int>(args.integer("threads", 2, 1, 64));
  o.hard = args.flag("hard");
  o.smudge = args.get("smudge").value_or("");
  int done = 0;
  synth::synthesize(o, [&](const synth::DossierWritten& d) {
    ++done;
    std::printf("[%d/%d] %s: %d scans, %d documents\n", done, o.dossiers, d.id.c_str(), d.scans, d.documents);
    std::fflush(stdout);
  });
  std::printf("wrote %d dossiers to %s\n", o.dossiers, o.out.string().c_str());
  return 0;
}

}  // namespace sohoa::station
