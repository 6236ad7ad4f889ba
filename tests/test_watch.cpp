// The watched folder: files written slowly, in pieces and twice are each imported exactly once,
// whole, and moved to the archive; what was taken is remembered across restarts.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "capture/watch.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string page_bytes(int i) {
  std::string s = "page " + std::to_string(i) + " ";
  while (s.size() < 40000) s += static_cast<char>('a' + (s.size() * 7 + static_cast<std::size_t>(i)) % 26);
  return s;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes a file in pieces with pauses, as a slow network scanner does.
void write_slowly(const fs::path& p, const std::string& bytes, int pieces, std::chrono::milliseconds pause) {
  std::ofstream out(p, std::ios::binary);
  const std::size_t step = bytes.size() / static_cast<std::size_t>(pieces) + 1;
  for (std::size_t at = 0; at < bytes.size(); at += step) {
    out.write(bytes.data() + at, static_cast<std::streamsize>(std::min(step, bytes.size() - at)));
    out.flush();
    std::this_thread::sleep_for(pause);
  }
}

void check_watch(bool inotify) {
  TempDir dir;
  const fs::path in = dir.path() / "in", archive = dir.path() / "archive";
  fs::create_directories(in);
  std::mutex m;
  std::vector<std::string> imported;  // contents, as read at import
  auto on_file = [&](const fs::path& f) {
    std::lock_guard lock(m);
    imported.push_back(read_all(f));
  };
  capture::WatchOptions o;
  o.dir = in, o.archive = archive, o.poll = 50ms, o.settle = 300ms, o.inotify = inotify;
  {
    capture::FolderWatcher w(o, on_file);
    std::atomic<bool> stop{false};
    std::thread watcher([&] { w.run(stop); });
    // page 1: slowly in 5 pieces, pauses shorter than the settle time
    write_slowly(in / "scan1.jpg", page_bytes(1), 5, 120ms);
    // page 2: written, then written again (the scanner retries) before it settled
    write_slowly(in / "scan2.jpg", page_bytes(2), 2, 50ms);
    write_slowly(in / "scan2.jpg", page_bytes(2), 3, 80ms);
    // page 3: written whole; later the same scan arrives again under another name
    std::ofstream(in / "scan3.jpg", std::ios::binary) << page_bytes(3);
    std::ofstream(in / ".scan4.jpg.part", std::ios::binary) << page_bytes(4);  // still being uploaded: not taken
    std::this_thread::sleep_for(900ms);
    std::ofstream(in / "scan3-again.jpg", std::ios::binary) << page_bytes(3);
    fs::rename(in / ".scan4.jpg.part", in / "scan4.jpg");
    std::this_thread::sleep_for(900ms);
    stop = true;
    watcher.join();
  }
  std::multiset<std::string> got(imported.begin(), imported.end());
  CHECK(imported.size() == 4);
  for (int i = 1; i <= 4; ++i) {
    INFO("page " << i);
    CHECK(got.count(page_bytes(i)) == 1);  // whole, and exactly once
  }
  CHECK(fs::is_empty(in));  // everything moved to the archive
  CHECK(fs::exists(archive / "scan1.jpg"));
  CHECK(fs::exists(archive / "scan3-again.jpg"));

  // a restart: a file already taken, put back, is archived again but not imported
  fs::copy_file(archive / "scan1.jpg", in / "scan1-copy.jpg");
  std::ofstream(in / "scan5.jpg", std::ios::binary) << page_bytes(5);
  capture::FolderWatcher again(o, on_file);
  again.poll_once();
  std::this_thread::sleep_for(400ms);
  CHECK(again.poll_once() == 2);
  CHECK(imported.size() == 5);
  CHECK(imported.back() == page_bytes(5));
  CHECK(fs::is_empty(in));
}

}  // namespace

TEST_CASE("Watched folder with inotify: every page imported exactly once", "[watch]") { check_watch(true); }
TEST_CASE("Watched folder by polling alone (a network share): every page imported exactly once", "[watch]") { check_watch(false); }

TEST_CASE("Watched folder: an import that fails is tried again and the file is kept", "[watch]") {
  TempDir dir;
  fs::create_directories(dir.path() / "in");
  int calls = 0;
  capture::WatchOptions o;
  o.dir = dir.path() / "in", o.archive = dir.path() / "archive", o.settle = 0ms, o.inotify = false;
  capture::FolderWatcher w(o, [&](const fs::path&) {
    if (++calls == 1) throw std::runtime_error("store busy");
  });
  std::ofstream(dir.path() / "in" / "a.jpg") << "scan";
  w.poll_once();  // seen
  CHECK(w.poll_once() == 0);  // failed: kept
  CHECK(fs::exists(dir.path() / "in" / "a.jpg"));
  CHECK(w.poll_once() == 1);
  CHECK(calls == 2);
  CHECK(fs::exists(dir.path() / "archive" / "a.jpg"));
}
