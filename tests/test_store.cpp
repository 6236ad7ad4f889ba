// The station's store on a real SQLite file: records, corrections with their history, the state
// machine, the append-only audit log, and durability of what was committed across a kill -9.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "station/station.hpp"
#include "station/store.hpp"
#include "synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::station;
using namespace sohoa::testing;

namespace {

Json small_record() {
  return Json::parse(R"({"schema": "sohoa.dossier/1", "dossier_id": "d0001", "pages": [], "documents": [
    {"type": "id_card", "form": "cccd_2021", "sources": [], "checks": [], "fields": {
      "id_number": {"value": "001068012345", "confidence": 0.99, "review": false},
      "full_name": {"value": "NGUYỄN VĂN ÁN", "confidence": 0.6, "review": true}}},
    {"type": "land_certificate", "form": "2014", "sources": [], "checks": [], "fields": {
      "owners": [{"name": {"value": "Nguyễn Văn Án", "confidence": 0.6, "review": true}}]}}]})");
}

// The stores every test runs on: a SQLite file, and the PostgreSQL test database when
// SOHOA_TEST_PG names one (scripts/test starts it; in CI it must be there), emptied first.
std::vector<std::string> stores(const TempDir& dir) {
  std::vector<std::string> out = {(dir.path() / "sohoa.db").string()};
  const char* pg = std::getenv("SOHOA_TEST_PG");
  if (!pg || !*pg) {
    if (std::getenv("CI")) FAIL("CI must test the store on PostgreSQL: SOHOA_TEST_PG is not set");
    WARN("SOHOA_TEST_PG not set: the store is tested on SQLite only");
    return out;
  }
  // a schema of this process's own: CTest runs test cases side by side
  const std::string schema = "store_test_" + std::to_string(getpid());
  Poco::Data::PostgreSQL::Connector::registerConnector();
  Poco::Data::Session raw("PostgreSQL", pg);
  raw << "DROP SCHEMA IF EXISTS " + schema + " CASCADE", Poco::Data::Keywords::now;
  raw << "CREATE SCHEMA " + schema, Poco::Data::Keywords::now;
  out.push_back(std::string("postgresql:") + pg + " options='-csearch_path=" + schema + "'");
  return out;
}

// A raw connection to a store's database, around the store's own code.
Poco::Data::Session raw_session(const std::string& store) {
  if (store.rfind("postgresql:", 0) == 0) return Poco::Data::Session("PostgreSQL", store.substr(11));
  return Poco::Data::Session("SQLite", store);
}

}  // namespace

TEST_CASE("a correction changes the record and leaves its history and an audit entry without the value", "[store]") {
  TempDir dir;
  for (const auto& connection : stores(dir)) {
  INFO(connection);
  Store store(connection);
  const auto id = store.create_dossier("HS-2026-0001", "operator1");
  store.add_page(id, "p01.jpg", "scans/p01.jpg", "operator1");
  store.save_record(id, small_record(), "station");
  REQUIRE(store.dossier(id)->state == DossierState::Extracted);
  store.correct_field(id, 1, "owners[0].name", "Nguyễn Văn An", "clerk1", "tone mark");
  const Json record = *store.record(id);
  CHECK(record["documents"][1]["fields"]["owners"][0]["name"]["value"] == "Nguyễn Văn An");
  CHECK(record["documents"][1]["fields"]["owners"][0]["name"]["review"] == false);
  const auto h = store.history(id);
  REQUIRE(h.size() == 1);
  CHECK(h[0].old_value == "Nguyễn Văn Án");
  CHECK(h[0].new_value == "Nguyễn Văn An");
  CHECK(h[0].user == "clerk1");
  CHECK(h[0].path == "owners[0].name");
  const auto log = store.audit_log(10);
  REQUIRE_FALSE(log.empty());
  CHECK(log[0]["action"] == "correct_field");
  CHECK(log[0]["user"] == "clerk1");
  for (const auto& e : log) CHECK(e.dump().find("Nguy") == std::string::npos);  // no names in the log
  CHECK(store.pages(id) == std::vector<std::string>{"p01.jpg"});
  CHECK_THROWS_AS(store.correct_field(id, 1, "owners[3].name", "x", "clerk1", ""), StoreError);
  CHECK_THROWS_AS(store.correct_field(id, 7, "serial", "x", "clerk1", ""), StoreError);
  }
}

TEST_CASE("dossier states follow the workflow and the queue is oldest first", "[store]") {
  TempDir dir;
  for (const auto& connection : stores(dir)) {
  INFO(connection);
  Store store(connection);
  const auto a = store.create_dossier("A", "op"), b = store.create_dossier("B", "op");
  CHECK_THROWS_AS(store.set_state(a, DossierState::Approved, "clerk", ""), StoreError);
  store.save_record(a, small_record(), "station");
  store.save_record(b, small_record(), "station");
  store.set_state(a, DossierState::InVerification, "clerk", "");
  store.set_state(b, DossierState::InVerification, "clerk", "");
  const auto queue = store.queue(DossierState::InVerification);
  REQUIRE(queue.size() == 2);
  CHECK(queue[0].id == a);
  store.set_state(a, DossierState::Rejected, "clerk", "page 2 missing");
  CHECK(store.dossier(a)->state == DossierState::Rejected);
  CHECK_THROWS_AS(store.set_state(a, DossierState::Uploaded, "clerk", ""), StoreError);
  CHECK(store.audit_log(1)[0]["detail"] == "in_verification -> rejected: page 2 missing");
  }
}

TEST_CASE("the audit log cannot be changed through the store's file", "[store]") {
  TempDir dir;
  for (const auto& file : stores(dir)) {
  INFO(file);
  {
    Store store(file);
    store.audit("admin", "login", "session", "");
  }
  // a raw SQL update or delete on the file is refused by the file's own triggers
  Poco::Data::Session raw = raw_session(file);
  CHECK_THROWS(raw << "UPDATE audit SET user_name = 'x'", Poco::Data::Keywords::now);
  CHECK_THROWS(raw << "DELETE FROM audit", Poco::Data::Keywords::now);
  Store again(file);
  CHECK(again.audit_log(5)[0]["user"] == "admin");
  }
}

TEST_CASE("corrections confirmed before a kill -9 are all there after a restart", "[store]") {
  TempDir dir;
  for (const auto& file : stores(dir)) {
  INFO(file);
  std::int64_t id = 0;
  {
    Store store(file);
    id = store.create_dossier("K", "op");
    store.save_record(id, small_record(), "station");
  }
  int pipe_fd[2];
  REQUIRE(pipe(pipe_fd) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // the child corrects a field again and again and confirms each commit on the pipe
    close(pipe_fd[0]);
    Store store(file);
    for (int i = 1;; ++i) {
      store.correct_field(id, 0, "full_name", "NAME " + std::to_string(i), "clerk", "");
      if (write(pipe_fd[1], &i, sizeof i) != sizeof i) _exit(1);
    }
  }
  close(pipe_fd[1]);
  int confirmed = 0, n = 0;
  while (confirmed < 25 && read(pipe_fd[0], &n, sizeof n) == sizeof n) confirmed = n;
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  while (read(pipe_fd[0], &n, sizeof n) == sizeof n) confirmed = n;  // confirmations still in the pipe
  close(pipe_fd[0]);
  REQUIRE(confirmed >= 25);
  Store after(file);
  const auto h = after.history(id);
  CHECK(static_cast<int>(h.size()) >= confirmed);
  CHECK(after.record(id)->at("documents")[0]["fields"]["full_name"]["value"] == "NAME " + std::to_string(h.size()));
  }
}

TEST_CASE("one wake-up reaches every waiting worker and none made before a wait is lost", "[store]") {
  TempDir dir;
  ServeOptions options;
  options.data = dir.path();
  Station station(options);
  // two workers wait with a long limit; one wake-up must end both waits at once
  std::atomic<int> ready = 0, woken = 0;
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&station, &ready, &woken] {
      const std::uint64_t seen = station.wakes();
      ++ready;  // (a wake-up from here on ends the wait below, whether it has begun or not)
      station.wait(30.0, seen);
      ++woken;
    });
  while (ready < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto start = std::chrono::steady_clock::now();
  station.wake();
  for (auto& w : workers) w.join();
  CHECK(woken == 2);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  // a wake-up while a worker was busy ends its next wait at once
  const std::uint64_t seen = station.wakes();
  station.wake();
  const auto before = std::chrono::steady_clock::now();
  CHECK(station.wait(30.0, seen) == seen + 1);
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(10));
}
