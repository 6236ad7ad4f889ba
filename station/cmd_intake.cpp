#include <csignal>
#include <cstdio>
#include <iostream>

#include "export/intake_server.hpp"
#include "export/package.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"

namespace sohoa::station {

int cmd_intake(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa intake --port N --pg CONN --cert FILE --key FILE --trusted-keys DIR|FILE --spool DIR\n"
                 "The provincial intake: receives batch packages over HTTPS (resumable chunked upload), verifies the\n"
                 "signature against the trusted station keys (*.pem) and every file's checksum, loads the records\n"
                 "into PostgreSQL (CONN: a libpq connection string) and answers with a receipt. Runs until\n"
                 "SIGINT/SIGTERM. Protocol: docs/export-package.md.\n";
    return 0;
  }
  const Args args(argv, {"port", "pg", "cert", "key", "trusted-keys", "spool"}, {});
  exporter::IntakeOptions o;
  o.port = static_cast<int>(args.integer("port", 8443, 0, 65535));
  o.pg = args.require("pg");
  o.cert = args.require("cert");
  o.key = args.require("key");
  o.spool = args.require("spool");
  o.trusted_keys = exporter::load_public_keys(args.require("trusted-keys"));
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server's threads inherit the mask; this thread waits
  exporter::IntakeServer server(o);
  server.start();
  std::printf("intake listening on https port %d, %zu trusted station key(s)\n", server.port(), o.trusted_keys.size());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  server.stop();
  std::printf("intake stopped\n");
  return 0;
}

}  // namespace sohoa::station
