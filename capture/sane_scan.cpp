#include "capture/sane_scan.hpp"

#include <dlfcn.h>
#include <pthread.h>
#include <sane/sane.h>
#include <sane/saneopts.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <thread>

namespace sohoa::capture {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string status_code(SANE_Status s) {
  switch (s) {
    case SANE_STATUS_JAMMED: return "jammed";
    case SANE_STATUS_COVER_OPEN: return "cover_open";
    case SANE_STATUS_DEVICE_BUSY: return "busy";
    case SANE_STATUS_NO_DOCS: return "no_documents";
    case SANE_STATUS_CANCELLED: return "cancelled";
    default: return "scanner_error";
  }
}

// Bounded hand-over from the scanning thread to the consumer: the scanner keeps reading while
// a page is prepared, and stops waiting for room when the consumer falls two pages behind.
class PageQueue {
 public:
  void push(ScanPage p) {
    std::unique_lock lock(m_);
    room_.wait(lock, [&] { return q_.size() < 2 || failed_; });
    q_.push_back(std::move(p));
    ready_.notify_one();
  }
  std::optional<ScanPage> pop() {
    std::unique_lock lock(m_);
    ready_.wait(lock, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return std::nullopt;
    ScanPage p = std::move(q_.front());
    q_.pop_front();
    room_.notify_one();
    return p;
  }
  void close() {
    std::lock_guard lock(m_);
    closed_ = true;
    ready_.notify_all();
  }
  void fail() {
    std::lock_guard lock(m_);
    failed_ = true;
    q_.clear();
    room_.notify_all();
  }
  bool failed() {
    std::lock_guard lock(m_);
    return failed_;
  }

 private:
  std::mutex m_;
  std::condition_variable ready_, room_;
  std::deque<ScanPage> q_;
  bool closed_ = false, failed_ = false;
};

std::string seconds(std::chrono::milliseconds limit) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(limit.count()) / 1000);
  return text;
}

OperatorMessage not_responding(std::chrono::milliseconds limit) { return operator_message("not_responding", seconds(limit)); }

// The one session a process may have: set by a session, cleared by its thread when it ends
// (after a call it waited for in vain has returned and the clean-up behind it has run).
std::atomic<bool> g_session_open{false};

}  // namespace

// The thread that makes a session's blocking SANE calls, in order. What a call reads or writes
// is shared with it, so that a call its caller stopped waiting for finishes safely.
struct SaneSession::Thread {
  std::mutex m;
  std::condition_variable changed;
  std::deque<std::function<void()>> jobs;
  std::uint64_t queued = 0, done = 0;
  bool closing = false;
  std::atomic<bool> abandoned{false};  // a call overran its limit: no more calls, only clean-up
  std::thread worker;

  static std::shared_ptr<Thread> start() {
    auto t = std::make_shared<Thread>();
    t->worker = std::thread([t] { t->run(); });
    return t;
  }

  // Runs fn on this thread and waits at most limit; false (and the thread abandoned) when it
  // did not return in time, or when an earlier call had not.
  bool call(std::function<void()> fn, std::chrono::milliseconds limit) {
    std::unique_lock lock(m);
    if (abandoned) return false;
    jobs.push_back(std::move(fn));
    const auto mine = ++queued;
    changed.notify_all();
    if (changed.wait_for(lock, limit, [&] { return done >= mine; })) return true;
    abandoned = true;
    return false;
  }

  // Clean-up: waited for (within limit) on a thread that answers, else queued behind the call
  // that is still running. Either way it runs once.
  void finally(std::function<void()> fn, std::chrono::milliseconds limit) {
    if (!abandoned) {
      call(std::move(fn), limit);
      return;
    }
    std::lock_guard lock(m);
    jobs.push_back(std::move(fn));
    ++queued;
    changed.notify_all();
  }

  // Joins the thread, or lets it finish its queue on its own when it is abandoned.
  void close() {
    {
      std::lock_guard lock(m);
      closing = true;
      changed.notify_all();
    }
    if (abandoned) worker.detach();
    else worker.join();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(m);
        changed.wait(lock, [&] { return !jobs.empty() || closing; });
        if (jobs.empty()) break;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();
      std::lock_guard lock(m);
      ++done;
      changed.notify_all();
    }
    g_session_open = false;
  }
};

namespace {

// fn's result, or nothing when the call did not return within limit.
template <class Result>
std::optional<Result> ask(SaneSession::Thread& thread, std::chrono::milliseconds limit, std::function<Result()> fn) {
  auto result = std::make_shared<std::optional<Result>>();
  if (!thread.call([result, fn = std::move(fn)] { *result = fn(); }, limit)) return std::nullopt;
  return *result;
}

}  // namespace

OperatorMessage operator_message(const std::string& code, const std::string& detail) {
  if (code == "jammed")
    return {code, "Kẹt giấy trong máy quét. Mở máy, gỡ tờ bị kẹt rồi quét lại từ tờ đó; các trang đã quét được giữ lại.",
            "Paper jam. Open the scanner, remove the jammed sheet and scan again from that sheet; the pages already scanned are kept."};
  if (code == "cover_open")
    return {code, "Nắp máy quét đang mở. Đóng nắp rồi quét tiếp; các trang đã quét được giữ lại.",
            "The scanner's cover is open. Close it and scan on; the pages already scanned are kept."};
  if (code == "busy")
    return {code, "Máy quét đang bận (đang được dùng ở nơi khác). Chờ một lát rồi thử lại.",
            "The scanner is busy (in use elsewhere). Wait a moment and try again."};
  if (code == "no_documents")
    return {code, "Không có giấy trong khay nạp. Đặt hồ sơ vào khay rồi quét lại.",
            "There is no paper in the feeder. Put the documents in the feeder and scan again."};
  if (code == "not_responding")
    return {code,
            "Máy quét không phản hồi (" + detail + " giây không có dữ liệu). Kiểm tra máy quét (giấy, nắp, cáp, nguồn), tắt và bật lại nếu cần rồi quét lại; các trang đã quét được giữ lại.",
            "The scanner is not responding (no data for " + detail + " s). Check it (paper, cover, cable, power), turn it off and on if needed and scan again; the pages already scanned are kept."};
  if (code == "still_busy")
    return {code, "Máy quét vẫn chưa trả lời lệnh trước. Chờ một lát, hoặc tắt và bật lại máy quét, rồi thử lại.",
            "The scanner has still not answered its previous request. Wait a moment, or turn it off and on, and try again."};
  if (code == "cancelled")
    return {code, "Đã dừng quét theo yêu cầu; các trang đã quét được giữ lại.", "Scanning stopped as asked; the pages already scanned are kept."};
  if (code == "no_device")
    return {code, "Không tìm thấy máy quét " + detail + ". Kiểm tra cáp, nguồn và mạng rồi thử lại.",
            "Scanner " + detail + " not found. Check its cable, power and network and try again."};
  if (code == "settings")
    return {code, "Máy quét không nhận thiết lập của hồ sơ cấu hình: " + detail, "The scanner does not take the profile's settings: " + detail};
  return {"scanner_error", "Máy quét báo lỗi (" + detail + "). Kiểm tra máy rồi thử lại; các trang đã quét được giữ lại.",
          "The scanner reported an error (" + detail + "). Check it and try again; the pages already scanned are kept."};
}

SaneSession::SaneSession(std::chrono::milliseconds response_limit) : limit_(response_limit) {
  if (g_session_open.exchange(true)) throw ScanError(operator_message("still_busy"));
  thread_ = Thread::start();
  const auto s = ask<SANE_Status>(*thread_, limit_, [] {
    SANE_Int version = 0;
    return sane_init(&version, nullptr);
  });
  if (s == SANE_STATUS_GOOD) return;
  if (!s) thread_->finally([] { sane_exit(); }, limit_);
  thread_->close();
  throw ScanError(s ? operator_message("scanner_error", sane_strstatus(*s)) : not_responding(limit_));
}

SaneSession::~SaneSession() {
  thread_->finally([] { sane_exit(); }, limit_);
  thread_->close();
}

std::vector<SaneDevice> SaneSession::devices() const {
  using Listed = std::pair<SANE_Status, std::vector<SaneDevice>>;
  const auto listed = ask<Listed>(*thread_, limit_, [] {
    const SANE_Device** list = nullptr;
    Listed out{sane_get_devices(&list, SANE_FALSE), {}};
    for (int i = 0; out.first == SANE_STATUS_GOOD && list && list[i]; ++i)  // the list is the backend's: copied here
      out.second.push_back({list[i]->name ? list[i]->name : "", list[i]->vendor ? list[i]->vendor : "",
                            list[i]->model ? list[i]->model : "", list[i]->type ? list[i]->type : ""});
    return out;
  });
  if (!listed) throw ScanError(not_responding(limit_));
  if (listed->first != SANE_STATUS_GOOD) throw ScanError(operator_message("scanner_error", sane_strstatus(listed->first)));
  return listed->second;
}

struct Scanner::Impl {
  // One sane_read's buffer and result, shared with the session's thread.
  struct Chunk {
    std::vector<unsigned char> bytes = std::vector<unsigned char>(65536);
    SANE_Int length = 0;
    SANE_Status status = SANE_STATUS_GOOD;
  };

  Impl(std::shared_ptr<SaneSession::Thread> t, std::chrono::milliseconds l) : thread(std::move(t)), limit(l) {}
  std::shared_ptr<SaneSession::Thread> thread;
  std::chrono::milliseconds limit;
  SANE_Handle h = nullptr;
  bool adf = false;
  std::shared_ptr<Chunk> chunk = std::make_shared<Chunk>();

  // A call that did not return in time gives SANE_STATUS_IO_ERROR, told apart by the abandoned
  // thread (message()).
  SANE_Status start() {
    return ask<SANE_Status>(*thread, limit, [h = h] { return sane_start(h); }).value_or(SANE_STATUS_IO_ERROR);
  }

  // Appends what one sane_read gives to data.
  SANE_Status read(std::vector<unsigned char>& data) {
    const bool answered = thread->call(
        [c = chunk, h = h] { c->status = sane_read(h, c->bytes.data(), static_cast<SANE_Int>(c->bytes.size()), &c->length); }, limit);
    if (!answered) return SANE_STATUS_IO_ERROR;
    if (chunk->status == SANE_STATUS_GOOD) data.insert(data.end(), chunk->bytes.begin(), chunk->bytes.begin() + chunk->length);
    return chunk->status;
  }

  void cancel() { thread->call([h = h] { sane_cancel(h); }, limit); }

  OperatorMessage message(SANE_Status s) const {
    return thread->abandoned ? not_responding(limit) : operator_message(status_code(s), sane_strstatus(s));
  }

  // Options are set and read on the caller's thread (they do not wait for the device), never
  // after a call was left running.
  std::optional<std::pair<SANE_Int, const SANE_Option_Descriptor*>> find(const std::string& name) const {
    if (thread->abandoned) return std::nullopt;
    SANE_Int count = 0;
    if (sane_control_option(h, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) return std::nullopt;
    for (SANE_Int i = 1; i < count; ++i) {
      const auto* d = sane_get_option_descriptor(h, i);
      if (d && d->name && name == d->name) return std::make_pair(i, d);
    }
    return std::nullopt;
  }

  static bool settable(const SANE_Option_Descriptor* d) { return SANE_OPTION_IS_ACTIVE(d->cap) && SANE_OPTION_IS_SETTABLE(d->cap); }

  // The device's spelling of a string value, if its list has it (case does not matter).
  static std::optional<std::string> spelling(const SANE_Option_Descriptor* d, const std::string& value) {
    if (d->constraint_type != SANE_CONSTRAINT_STRING_LIST) return value;
    for (int i = 0; d->constraint.string_list[i]; ++i)
      if (lower(d->constraint.string_list[i]) == lower(value)) return std::string(d->constraint.string_list[i]);
    return std::nullopt;
  }

  bool can_set(const std::string& name, const Json& value) const {
    const auto o = find(name);
    if (!o || !settable(o->second)) return false;
    const auto* d = o->second;
    if (value.is_string()) return d->type == SANE_TYPE_STRING && spelling(d, value.get<std::string>()).has_value();
    if (value.is_boolean()) return d->type == SANE_TYPE_BOOL;
    return d->type == SANE_TYPE_INT || d->type == SANE_TYPE_FIXED;
  }

  // Numbers are fitted to the option's constraint: the nearest listed value, or clamped into
  // its range on its step.
  static double fit(const SANE_Option_Descriptor* d, double v) {
    auto from = [&](SANE_Word w) { return d->type == SANE_TYPE_FIXED ? SANE_UNFIX(w) : static_cast<double>(w); };
    if (d->constraint_type == SANE_CONSTRAINT_RANGE) {
      const double lo = from(d->constraint.range->min), hi = from(d->constraint.range->max), q = from(d->constraint.range->quant);
      v = std::clamp(v, lo, hi);
      if (q > 0) v = lo + std::round((v - lo) / q) * q;
    } else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST) {
      double best = v, dist = 1e300;
      for (SANE_Int i = 1; i <= d->constraint.word_list[0]; ++i)
        if (std::abs(from(d->constraint.word_list[i]) - v) < dist) dist = std::abs(from(d->constraint.word_list[i]) - v), best = from(d->constraint.word_list[i]);
      v = best;
    }
    return v;
  }

  bool set(const std::string& name, const Json& value) {
    const auto o = find(name);
    if (!o || !settable(o->second)) return false;
    const auto [i, d] = *o;
    SANE_Int info = 0;
    SANE_Status s = SANE_STATUS_INVAL;
    if (d->type == SANE_TYPE_STRING && value.is_string()) {
      const auto v = spelling(d, value.get<std::string>());
      if (!v) return false;
      std::vector<char> buf(std::max<std::size_t>(static_cast<std::size_t>(d->size), v->size() + 1), '\0');
      std::memcpy(buf.data(), v->data(), v->size());
      s = sane_control_option(h, i, SANE_ACTION_SET_VALUE, buf.data(), &info);
    } else if (d->type == SANE_TYPE_BOOL && value.is_boolean()) {
      SANE_Bool b = value.get<bool>() ? SANE_TRUE : SANE_FALSE;
      s = sane_control_option(h, i, SANE_ACTION_SET_VALUE, &b, &info);
    } else if ((d->type == SANE_TYPE_INT || d->type == SANE_TYPE_FIXED) && (value.is_number() || value.is_boolean())) {
      const double v = fit(d, value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : value.get<double>());
      SANE_Word w = d->type == SANE_TYPE_FIXED ? SANE_FIX(v) : static_cast<SANE_Word>(std::lround(v));
      s = sane_control_option(h, i, SANE_ACTION_SET_VALUE, &w, &info);
    } else {
      return false;
    }
    return s == SANE_STATUS_GOOD;
  }

  std::optional<Json> get(const std::string& name) const {
    const auto o = find(name);
    if (!o || !SANE_OPTION_IS_ACTIVE(o->second->cap)) return std::nullopt;
    const auto [i, d] = *o;
    std::vector<char> buf(static_cast<std::size_t>(std::max<SANE_Int>(d->size, 8)) + 1, '\0');
    if (sane_control_option(h, i, SANE_ACTION_GET_VALUE, buf.data(), nullptr) != SANE_STATUS_GOOD) return std::nullopt;
    SANE_Word w;
    std::memcpy(&w, buf.data(), sizeof w);
    switch (d->type) {
      case SANE_TYPE_STRING: return Json(std::string(buf.data()));
      case SANE_TYPE_BOOL: return Json(w != 0);
      case SANE_TYPE_INT: return Json(w);
      case SANE_TYPE_FIXED: return Json(SANE_UNFIX(w));
      default: return std::nullopt;
    }
  }

  // Reads one page after sane_start; status other than GOOD/EOF ends it.
  SANE_Status read_page(ScanPage& page, double dpi, const std::atomic<bool>* cancel) {
    std::vector<unsigned char> grey_or_rgb;
    SANE_Parameters p{};
    cv::Mat planes[3];
    int width = 0, lines = 0;
    bool colour = false;
    for (;;) {  // frames: one, or three for a three-pass scanner
      SANE_Status s = sane_get_parameters(h, &p);
      if (s != SANE_STATUS_GOOD) return s;
      std::vector<unsigned char> data;
      if (p.lines > 0) data.reserve(static_cast<std::size_t>(p.bytes_per_line) * static_cast<std::size_t>(p.lines));
      for (;;) {
        if (cancel && *cancel) return SANE_STATUS_CANCELLED;
        s = read(data);
        if (s == SANE_STATUS_EOF) break;
        if (s != SANE_STATUS_GOOD) return s;
      }
      if (p.bytes_per_line <= 0 || data.empty()) return SANE_STATUS_NO_DOCS;  // nothing came: an empty feeder
      width = p.pixels_per_line;
      lines = static_cast<int>(data.size() / static_cast<std::size_t>(p.bytes_per_line));
      const int channels = p.format == SANE_FRAME_RGB ? 3 : 1;
      cv::Mat m(lines, width, channels == 3 ? CV_8UC3 : CV_8UC1);
      for (int y = 0; y < lines; ++y) {
        const unsigned char* row = data.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(p.bytes_per_line);
        auto* out = m.ptr<unsigned char>(y);
        for (int x = 0; x < width * channels; ++x) {
          if (p.depth == 8) out[x] = row[x];
          else if (p.depth == 16) {
            std::uint16_t v;
            std::memcpy(&v, row + 2 * x, 2);  // native byte order
            out[x] = static_cast<unsigned char>(v >> 8);
          } else if (p.depth == 1) {
            out[x] = (row[x / 8] >> (7 - x % 8)) & 1 ? 0 : 255;  // 1 = black
          }
        }
      }
      if (p.format == SANE_FRAME_RGB) cv::cvtColor(m, m, cv::COLOR_RGB2BGR), page.image = m;
      else if (p.format == SANE_FRAME_GRAY) page.image = m;
      else planes[p.format == SANE_FRAME_RED ? 2 : p.format == SANE_FRAME_GREEN ? 1 : 0] = m, colour = true;
      if (p.last_frame) break;
      s = start();
      if (s != SANE_STATUS_GOOD) return s;
    }
    if (colour) {
      for (auto& pl : planes)
        if (pl.size() != planes[0].size()) return SANE_STATUS_IO_ERROR;
      cv::merge(planes, 3, page.image);
    }
    page.dpi = dpi;
    (void)grey_or_rgb;
    return SANE_STATUS_GOOD;
  }
};

Scanner::Scanner(SaneSession& session, const std::string& device) : impl_(std::make_unique<Impl>(session.thread_, session.limit_)) {
  using Opened = std::pair<SANE_Status, SANE_Handle>;
  auto opened = std::make_shared<Opened>(SANE_STATUS_INVAL, nullptr);
  if (!session.thread_->call([opened, device] { opened->first = sane_open(device.c_str(), &opened->second); }, session.limit_)) {
    session.thread_->finally([opened] {
      if (opened->first == SANE_STATUS_GOOD) sane_close(opened->second);
    }, session.limit_);
    throw ScanError(not_responding(session.limit_));
  }
  const SANE_Status s = opened->first;
  impl_->h = s == SANE_STATUS_GOOD ? opened->second : nullptr;
  if (s == SANE_STATUS_DEVICE_BUSY) throw ScanError(operator_message("busy"));
  if (s == SANE_STATUS_INVAL || s == SANE_STATUS_UNSUPPORTED) throw ScanError(operator_message("no_device", device));
  if (s != SANE_STATUS_GOOD) throw ScanError(operator_message(status_code(s), sane_strstatus(s)));
}

Scanner::~Scanner() {
  if (!impl_->h) return;
  impl_->thread->finally([h = impl_->h] {
    sane_cancel(h);  // a read left running ends here first
    sane_close(h);
  }, impl_->limit);
}

bool Scanner::set_option(const std::string& name, const Json& value) { return impl_->set(name, value); }
std::optional<Json> Scanner::option(const std::string& name) const { return impl_->get(name); }

std::vector<std::string> Scanner::apply(const ScanSettings& settings) {
  std::vector<std::string> notices;
  auto choose = [&](const std::vector<OptionAlternative>& ways, const std::string& what) {
    for (const auto& way : ways) {
      bool ok = true;
      for (const auto& o : way) {
        ok = impl_->can_set(o.name, o.value) && impl_->set(o.name, o.value);  // in order: one may enable the next
        if (!ok) break;
      }
      if (ok) return;
    }
    throw ScanError(operator_message("settings", what + ": none of the profile's matching rules fits this device"));
  };
  choose(settings.source_ways[static_cast<int>(settings.source)], std::string("source ") + source_name(settings.source));
  impl_->adf = settings.source != ScanSource::Flatbed;
  choose(settings.mode_ways[static_cast<int>(settings.mode)], std::string("mode ") + mode_name(settings.mode));
  bool resolution = false;
  for (const auto& name : settings.resolution_names)
    if (impl_->set(name, settings.dpi)) {
      resolution = true;
      if (const auto got = impl_->get(name); got && std::abs(got->get<double>() - settings.dpi) > 0.5)
        notices.push_back("resolution " + std::to_string(static_cast<int>(settings.dpi)) + " dpi is not offered: scanning at " +
                          std::to_string(static_cast<int>(std::lround(got->get<double>()))) + " dpi");
      break;
    }
  if (!resolution) throw ScanError(operator_message("settings", "the resolution cannot be set"));
  for (const auto& o : settings.options)
    if (!impl_->set(o.name, o.value)) notices.push_back("option " + o.name + " = " + o.value.dump() + " is not on this device: left as it is");
  // the scan area: from the top left corner, as large as the page (or the device's area)
  impl_->set(SANE_NAME_SCAN_TL_X, 0);
  impl_->set(SANE_NAME_SCAN_TL_Y, 0);
  impl_->set(SANE_NAME_SCAN_BR_X, settings.width_mm);
  impl_->set(SANE_NAME_SCAN_BR_Y, settings.height_mm);
  const auto w = impl_->get(SANE_NAME_SCAN_BR_X), h = impl_->get(SANE_NAME_SCAN_BR_Y);
  if (w && h && (w->get<double>() < settings.width_mm - 1 || h->get<double>() < settings.height_mm - 1))
    notices.push_back("page size " + settings.page_size + " is larger than the device's scan area: scanning " +
                      std::to_string(std::lround(w->get<double>())) + " × " + std::to_string(std::lround(h->get<double>())) + " mm");
  return notices;
}

ScanOutcome Scanner::scan(const std::function<void(ScanPage)>& on_page, const std::atomic<bool>* cancel,
                          const std::function<void(int)>& before_page) {
  ScanOutcome out;
  double dpi = 0;
  for (const char* name : {SANE_NAME_SCAN_RESOLUTION, SANE_NAME_SCAN_X_RESOLUTION})
    if (const auto r = impl_->get(name); r && r->is_number()) {
      dpi = r->get<double>();
      break;
    }
  PageQueue queue;
  std::exception_ptr consumer_error;
  std::thread consumer([&] {
    while (auto p = queue.pop()) {
      try {
        on_page(std::move(*p));
      } catch (...) {
        consumer_error = std::current_exception();
        queue.fail();
        return;
      }
    }
  });
  auto stop = [&](SANE_Status s) {
    out.end = s == SANE_STATUS_CANCELLED ? "cancelled" : "stopped";
    out.message = impl_->message(s);
  };
  for (int i = 0;; ++i) {
    if (queue.failed()) break;
    if (cancel && *cancel) {
      stop(SANE_STATUS_CANCELLED);
      break;
    }
    if (before_page) before_page(i);
    SANE_Status s = impl_->start();
    ScanPage page;
    page.page = i;
    if (s == SANE_STATUS_GOOD) s = impl_->read_page(page, dpi, cancel);
    if (s == SANE_STATUS_GOOD) {
      queue.push(std::move(page));
      ++out.pages;
      if (!impl_->adf) {
        out.end = "flatbed_done";
        break;
      }
      continue;
    }
    impl_->cancel();
    if (s == SANE_STATUS_NO_DOCS && impl_->adf) {
      // the feeder is empty, told by sane_start or by the first read: the normal end of a batch
      out.end = "feeder_empty";
      if (out.pages == 0) out.message = operator_message("no_documents");
      break;
    }
    stop(s);
    break;
  }
  impl_->cancel();
  queue.close();
  consumer.join();
  if (consumer_error) std::rethrow_exception(consumer_error);
  return out;
}

}  // namespace sohoa::capture

// libsane's reader threads (sanei_thread, built with pthreads on Debian) ask for asynchronous
// cancellation, and sane_cancel cancels them with pthread_cancel and joins them. A reader
// cancelled inside malloc keeps its malloc arena locked and never finishes exiting (it waits for
// that lock in tcache_thread_shutdown), so sane_cancel waits in pthread_join for ever: the scan
// that stayed "running" after a jam. Deferred cancellation stops such a reader at its next write
// or sleep instead. The executables export this definition (capture/CMakeLists.txt) so that the
// backends, loaded later, bind to it; other callers get the cancellation type they ask for.
extern "C" int pthread_setcanceltype(int type, int* old_type) {
  using Setter = int (*)(int, int*);
  static const auto libc_setter = reinterpret_cast<Setter>(dlsym(RTLD_NEXT, "pthread_setcanceltype"));
  Dl_info caller{};
  if (type == PTHREAD_CANCEL_ASYNCHRONOUS && dladdr(__builtin_return_address(0), &caller) && caller.dli_fname &&
      std::strstr(caller.dli_fname, "/libsane"))
    type = PTHREAD_CANCEL_DEFERRED;
  return libc_setter(type, old_type);
}
