#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "export/upload.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"
#include "station/store.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

int cmd_upload(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa upload [FILE.zip...] --to https://HOST:PORT [--ca FILE] [--queue DIR] [--data DIR | --store CONNECTION]\n"
                 "  [--chunk BYTES] [--retries N] [--backoff-ms MS]\n"
                 "Queues the packages given (copied into --queue, default upload-queue) and sends everything queued\n"
                 "to the provincial intake: the server's certificate is checked (against --ca, else the system CAs),\n"
                 "the upload resumes where it stopped, failures are retried with backoff and what cannot be sent\n"
                 "stays queued for the next run. Receipts are kept in QUEUE/receipts/<batch>.json; packages the\n"
                 "intake refused move to QUEUE/refused with the reason. With --data DIR (or --store), the dossiers\n"
                 "of a batch the intake received become `uploaded` in the station's store.\n";
    return 0;
  }
  const Args args(argv, {"to", "ca", "queue", "chunk", "retries", "backoff-ms", "data", "store"}, {});
  // with the station's store, a batch the intake received moves its dossiers to `uploaded`
  std::unique_ptr<Store> store;
  if (args.get("data") || args.get("store"))
    store = std::make_unique<Store>(args.get("store").value_or((fs::path(args.get("data").value_or("sohoa-data")) / "store.sqlite").string()));
  exporter::UploadOptions o;
  if (const auto q = args.get("queue")) o.queue = *q;
  o.ca_file = args.get("ca").value_or("");
  o.chunk = static_cast<std::size_t>(args.integer("chunk", 1 << 20, 1024, 64 << 20));
  o.retries = static_cast<int>(args.integer("retries", 8, 0, 100));
  o.backoff_ms = static_cast<int>(args.integer("backoff-ms", 500, 1, 60000));
  o.log = [](const std::string& line) {
    std::fprintf(stderr, "sohoa upload: %s\n", line.c_str());
  };
  const auto to = args.get("to");
  if (!args.positional().empty() && !to) throw UsageError("--to https://… is needed to queue a package");
  for (const auto& p : args.positional()) {
    const std::string batch = exporter::enqueue(p, *to, o);
    std::printf("queued batch %s\n", batch.c_str());
  }
  int failed = 0;
  const auto outcomes = exporter::process_queue(o);
  if (outcomes.empty()) std::printf("nothing queued in %s\n", o.queue.string().c_str());
  for (const auto& r : outcomes) {
    if (r.ok && store)
      for (const auto& d : store->batch_dossiers(r.batch_id))
        if (d.state == DossierState::Exported) store->set_state(d.id, DossierState::Uploaded, "upload", "receipt of batch " + r.batch_id);
    if (r.ok) {
      std::printf("batch %s: %s (%s), receipt in %s\n", r.batch_id.c_str(),
                  r.receipt.value("replayed", false) ? "had already been received, nothing changed" : "received",
                  r.receipt.value("status", "").c_str(),
                  (o.queue / "receipts" / (r.batch_id + ".json")).string().c_str());
    } else {
      std::fprintf(stderr, "sohoa upload: batch %s: %s\n", r.batch_id.c_str(), r.error.c_str());
      ++failed;
    }
  }
  std::fflush(stdout);
  return failed ? 1 : 0;
}

}  // namespace sohoa::station
