// Scanner profiles (validation, matching rules) and SANE capture driven through SANE's own
// `test` backend (libsane1), enabled through a private configuration folder.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "capture/sane_scan.hpp"
#include "capture/scan_settings.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;

namespace {

std::string profile_error(const std::string& scan_json) {
  try {
    capture::parse_scanner_profile(R"({"name": "t", "scan": )" + scan_json + "}", "t.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// SANE_CONFIG_DIR pointing at a folder whose dll.conf enables the test backend only.
class TestBackend {
 public:
  TestBackend() {
    std::ofstream(dir_.path() / "dll.conf") << "test\n";
    std::ofstream(dir_.path() / "test.conf") << "number_of_devices 2\n";
    setenv("SANE_CONFIG_DIR", dir_.path().c_str(), 1);
  }
  ~TestBackend() { unsetenv("SANE_CONFIG_DIR"); }

 private:
  TempDir dir_;
};

capture::ScanSettings settings(const std::string& source, const std::string& mode, int dpi, const std::string& extra = "") {
  const auto p = capture::parse_scanner_profile(R"({"name": "t", "scan": {"source": ")" + source + R"(", "mode": ")" + mode +
                                                    R"(", "dpi": )" + std::to_string(dpi) +
                                                    R"(, "page_size": {"width_mm": 80, "height_mm": 100},
      "options": [{"name": "test-picture", "value": "Grid"}])" + extra + "}}",
                                                "t.json");
  return *p.scan;
}

struct Batch {
  std::vector<capture::ScanPage> pages;
  capture::ScanOutcome outcome;
};

// Scans a batch; before_page may change the device's options between pages.
Batch scan_batch(const capture::ScanSettings& s, const std::function<void(capture::Scanner&, int)>& before = nullptr) {
  capture::SaneSession session(s.response_limit());
  capture::Scanner scanner(session, "test:0");
  scanner.apply(s);
  Batch b;
  std::mutex m;
  b.outcome = scanner.scan(
      [&](capture::ScanPage p) {
        std::lock_guard lock(m);
        b.pages.push_back(std::move(p));
      },
      nullptr, [&](int i) {
        if (before) before(scanner, i);
      });
  return b;
}

}  // namespace

TEST_CASE("Scanner profiles are validated with the key that is wrong", "[scanner]") {
  CHECK_THAT(profile_error(R"({"source": "duplex", "mode": "color", "dpi": 300})"),
             Catch::Contains("t.json: scan.source: must be one of flatbed, adf, adf_duplex (got \"duplex\")"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "color", "dpi": 20})"), Catch::Contains("scan.dpi: must be between"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "color", "dpi": 300, "page_size": "B5"})"),
             Catch::Contains("scan.page_size: must be one of A4"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "color", "dpi": 300, "options": [{"name": "a", "value": 1}, {"name": "b"}]})"),
             Catch::Contains("scan.options[1]: value is missing"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "color", "dpi": 300, "colour": true})"), Catch::Contains("unknown key 'colour'"));
  CHECK_THAT(profile_error(R"({"source": "adf", "dpi": 300})"), Catch::Contains("needs source, mode and dpi"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "matching": {"source": {"adf": ["ADF"]}}})"),
             Catch::Contains("scan.matching.source.adf[0]: an alternative is an object"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "matching": {"source": {"feeder": []}}})"),
             Catch::Contains("scan.matching.source key: must be one of flatbed, adf, adf_duplex"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "blank_page_ink_max": "low"})"),
             Catch::Contains("scan.blank_page_ink_max: must be a number"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "response_limit_s": 0})"),
             Catch::Contains("scan.response_limit_s: must be between"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "separator_patches": ["T", "5"]})"),
             Catch::Contains("scan.separator_patches: a patch code is one of 1, 2, 3, 4, 6, T (got \"5\")"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "separator_patches": ["2", "2"]})"),
             Catch::Contains("scan.separator_patches: patch 2 is listed twice"));
  CHECK_THAT(profile_error(R"({"source": "adf", "mode": "gray", "dpi": 300, "separator_patches": "T"})"),
             Catch::Contains("scan.separator_patches: must be a list of patch codes"));
  CHECK(settings("adf", "gray", 300, R"(, "separator_patches": ["4", "T"])").separator_patches ==
        std::vector{capture::PatchType::Patch4, capture::PatchType::PatchT});
  CHECK(settings("adf", "gray", 300, R"(, "separator_patches": [])").separator_patches.empty());
  CHECK_THROWS_WITH(capture::load_scanner_profile("no-such-profile"), Catch::Contains("built in: adf-duplex-certificates-300"));

  // the built-in profiles load, with the job's settings
  const auto certs = capture::load_scanner_profile("adf-duplex-certificates-300");
  REQUIRE(certs.scan);
  CHECK(certs.scan->source == capture::ScanSource::AdfDuplex);
  CHECK(certs.scan->dpi == 300);
  CHECK(certs.scan->response_limit() == std::chrono::seconds(60));  // default.json's
  CHECK(certs.scan->width_mm == 210);
  CHECK(certs.scan->separator_patches == std::vector{capture::PatchType::PatchT, capture::PatchType::Patch2});
  // the profile's own rule comes before the shared ones
  REQUIRE(!certs.scan->source_ways[2].empty());
  CHECK(certs.scan->source_ways[2].front().front().value == "ADF Duplex");
  CHECK(certs.scan->source_ways[2].size() > 3);
  const auto cards = capture::load_scanner_profile("flatbed-cards-400");
  REQUIRE(cards.scan);
  CHECK(cards.scan->source == capture::ScanSource::Flatbed);
  CHECK(cards.prepare.quality.min_dpi == 300);
}

TEST_CASE("SANE test backend: devices are listed and a flatbed scan gives one page", "[scanner]") {
  TestBackend backend;
  {
    capture::SaneSession session;
    const auto devices = session.devices();
    REQUIRE(devices.size() == 2);
    CHECK(devices[0].name == "test:0");
  }

  const Batch b = scan_batch(settings("flatbed", "gray", 75));
  CHECK(b.outcome.end == "flatbed_done");
  CHECK_FALSE(b.outcome.message);
  REQUIRE(b.pages.size() == 1);
  const auto& p = b.pages[0];
  CHECK(p.dpi == 75);
  CHECK(p.image.channels() == 1);
  CHECK(std::abs(p.image.cols - 80 / 25.4 * 75) <= 2);
  CHECK(std::abs(p.image.rows - 100 / 25.4 * 75) <= 2);
  // the grid: black and white squares of 10 mm
  cv::Scalar mean, sd;
  cv::meanStdDev(p.image, mean, sd);
  CHECK(sd[0] > 100);
}

TEST_CASE("SANE test backend: an ADF batch is scanned until the feeder is empty and pages are handed on while scanning", "[scanner]") {
  TestBackend backend;
  std::atomic<int> consumed{0};
  int consumed_before_page_6 = -1;
  capture::SaneSession session;
  capture::Scanner scanner(session, "test:0");
  scanner.apply(settings("adf", "color", 50));
  std::vector<int> order;
  const auto outcome = scanner.scan(
      [&](capture::ScanPage p) {
        ++consumed;
        order.push_back(p.page);
        CHECK(p.image.channels() == 3);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // page preparation takes time
      },
      nullptr, [&](int i) {
        if (i == 5) consumed_before_page_6 = consumed;
      });
  CHECK(outcome.end == "feeder_empty");  // the test backend's feeder holds 10 sheets
  CHECK_FALSE(outcome.message);
  CHECK(outcome.pages == 10);
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  // five pages scanned, at most two waiting: the consumer had taken at least three, and it counts
  // the one it has just taken only once its callback runs
  CHECK(consumed_before_page_6 >= 2);
}

TEST_CASE("SANE test backend: a jam or an open cover stops the batch and keeps the pages scanned", "[scanner]") {
  TestBackend backend;
  for (const auto& [status, code, words] : {std::tuple{"SANE_STATUS_JAMMED", "jammed", "Kẹt giấy"},
                                            std::tuple{"SANE_STATUS_COVER_OPEN", "cover_open", "Nắp máy quét đang mở"},
                                            std::tuple{"SANE_STATUS_DEVICE_BUSY", "busy", "Máy quét đang bận"},
                                            std::tuple{"SANE_STATUS_IO_ERROR", "scanner_error", "Máy quét báo lỗi"}}) {
    INFO(status);
    const Batch b = scan_batch(settings("adf", "gray", 50), [&](capture::Scanner& s, int i) {
      if (i == 3) REQUIRE(s.set_option("read-return-value", status));
    });
    CHECK(b.outcome.end == "stopped");
    CHECK(b.pages.size() == 3);
    CHECK(b.outcome.pages == 3);
    REQUIRE(b.outcome.message);
    CHECK(b.outcome.message->code == code);
    CHECK_THAT(b.outcome.message->vi, Catch::Contains(words));
    CHECK_FALSE(b.outcome.message->en.empty());
    std::printf("operator sees after 3 pages: %s / %s\n", b.outcome.message->vi.c_str(), b.outcome.message->en.c_str());
  }
}

TEST_CASE("SANE test backend: an empty feeder told by the first read is the batch's normal end", "[scanner]") {
  TestBackend backend;
  // no paper at all: the operator is told
  const Batch none = scan_batch(settings("adf", "gray", 50), [](capture::Scanner& s, int i) {
    if (i == 0) s.set_option("read-return-value", "SANE_STATUS_NO_DOCS");
  });
  CHECK(none.outcome.end == "feeder_empty");
  CHECK(none.pages.empty());
  REQUIRE(none.outcome.message);
  CHECK(none.outcome.message->code == "no_documents");
  CHECK_THAT(none.outcome.message->vi, Catch::Contains("Không có giấy"));
  // paper runs out after 4 sheets, told by sane_read rather than sane_start: no error
  const Batch four = scan_batch(settings("adf", "gray", 50), [](capture::Scanner& s, int i) {
    if (i == 4) s.set_option("read-return-value", "SANE_STATUS_NO_DOCS");
  });
  CHECK(four.outcome.end == "feeder_empty");
  CHECK(four.pages.size() == 4);
  CHECK_FALSE(four.outcome.message);
}

TEST_CASE("SANE test backend: cancel stops cleanly and keeps the pages", "[scanner]") {
  TestBackend backend;
  capture::SaneSession session;
  capture::Scanner scanner(session, "test:0");
  scanner.apply(settings("adf", "gray", 50));
  std::atomic<bool> cancel{false};
  int pages = 0;
  const auto outcome = scanner.scan([&](capture::ScanPage) { ++pages; }, &cancel, [&](int i) {
    if (i == 2) cancel = true;  // the operator presses Stop while page 3 is fed
  });
  CHECK(outcome.end == "cancelled");
  CHECK(outcome.pages == 2);
  CHECK(pages == 2);
  REQUIRE(outcome.message);
  CHECK(outcome.message->code == "cancelled");
}

TEST_CASE("SANE test backend: matching rules pick the device's names or refuse the profile", "[scanner]") {
  TestBackend backend;
  capture::SaneSession session;
  capture::Scanner scanner(session, "test:0");
  // the test device has no duplex way among the shared rules: scanning single-sided would be wrong
  CHECK_THROWS_WITH(scanner.apply(settings("adf_duplex", "color", 50)), Catch::Contains("source adf_duplex: none of the profile's matching rules"));
  // a profile's own rule (here: this device's feeder counts as duplex) comes first
  const auto s = settings("adf_duplex", "color", 50, R"(, "matching": {"source": {"adf_duplex": [{"source": "automatic document feeder"}]}})");
  scanner.apply(s);
  CHECK(scanner.option("source") == Json("Automatic Document Feeder"));  // the device's spelling
  CHECK(scanner.option("mode") == Json("Color"));
  CHECK(scanner.option("resolution")->get<double>() == Approx(50));
  // an option of the profile this device lacks is reported, not fatal
  const auto with_extra = settings("flatbed", "gray", 50, R"(, "options": [{"name": "swdeskew", "value": true}])");
  const auto extra_notes = scanner.apply(with_extra);
  REQUIRE(extra_notes.size() == 1);
  CHECK_THAT(extra_notes[0], Catch::Contains("swdeskew"));
}

TEST_CASE("SANE: a device that does not exist gives the operator a message", "[scanner]") {
  TestBackend backend;
  capture::SaneSession session;
  try {
    capture::Scanner scanner(session, "test:7");
    FAIL("opened a device that does not exist");
  } catch (const capture::ScanError& e) {
    CHECK(e.message.code == "no_device");
    CHECK_THAT(e.message.vi, Catch::Contains("Không tìm thấy máy quét"));
  }
}

TEST_CASE("SANE test backend: jammed scans in a loop in one process all end with the jam message", "[scanner]") {
  TestBackend backend;
  // Other threads allocate, as in the station. A jam told by the first read used to have
  // sane_cancel cancel the backend's reader thread inside malloc now and then (asynchronous
  // cancellation): that thread never finished exiting and the scan never ended.
  std::atomic<bool> done{false};
  std::vector<std::thread> allocating;
  for (int t = 0; t < 2; ++t)
    allocating.emplace_back([&] {
      while (!done) {
        std::vector<std::vector<char>> blocks;
        for (std::size_t i = 0; i < 50; ++i) blocks.emplace_back(1000 + 3000 * i);
      }
    });
  // the limit ends a scan that hangs ("not_responding"); the scans after it find SANE "still_busy"
  const auto jam_settings = settings("adf", "gray", 50, R"(, "response_limit_s": 20)");
  std::map<std::string, int> ends;  // by the operator's message
  for (int i = 0; i < 200; ++i) {
    try {
      const Batch b = scan_batch(jam_settings, [](capture::Scanner& s, int page) {
        if (page == 0) s.set_option("read-return-value", "SANE_STATUS_JAMMED");
      });
      ++ends[b.outcome.message ? b.outcome.message->code : "no message"];
    } catch (const capture::ScanError& e) {
      ++ends[e.message.code];
    }
  }
  done = true;
  for (auto& t : allocating) t.join();
  std::string counts;
  for (const auto& [code, n] : ends) counts.append(code).append(": ").append(std::to_string(n)).append(" ");
  CHECK(counts == "jammed: 200 ");
}

TEST_CASE("SANE test backend: a scanner that stops answering ends the batch and keeps the pages", "[scanner]") {
  TestBackend backend;
  // from the third sheet on the device waits 200 ms before each piece of data; the limit is 100 ms
  const Batch b = scan_batch(settings("adf", "gray", 50, R"(, "response_limit_s": 0.1)"), [](capture::Scanner& s, int i) {
    if (i != 2) return;
    REQUIRE(s.set_option("read-delay", true));
    REQUIRE(s.set_option("read-delay-duration", 200000));
  });
  CHECK(b.outcome.end == "stopped");
  CHECK(b.pages.size() == 2);
  CHECK(b.outcome.pages == 2);
  REQUIRE(b.outcome.message);
  CHECK(b.outcome.message->code == "not_responding");
  CHECK_THAT(b.outcome.message->vi, Catch::Contains("Máy quét không phản hồi (0.1 giây không có dữ liệu)"));
  CHECK_THAT(b.outcome.message->en, Catch::Contains("not responding (no data for 0.1 s)"));
  CHECK_THAT(b.outcome.message->en, Catch::Contains("the pages already scanned are kept"));

  // The late read returns on the session's own thread, which then closes the device and ends
  // SANE. Until then a new session is refused as still busy; after it, a scan works.
  std::optional<Batch> next;
  for (int tries = 0; !next && tries < 100; ++tries) {
    try {
      next = scan_batch(settings("adf", "gray", 50));
    } catch (const capture::ScanError& e) {
      CHECK(e.message.code == "still_busy");
      CHECK_THAT(e.message.vi, Catch::Contains("vẫn chưa trả lời"));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  REQUIRE(next);
  CHECK(next->outcome.end == "feeder_empty");
  CHECK(next->pages.size() == 10);
}
