#include "ocr/engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>
#include <stdexcept>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "core/text.hpp"

namespace sohoa::ocr {
namespace {

std::string take(char* text) {
  std::string s = text ? text : "";
  delete[] text;
  return s;
}

}  // namespace

void single_threaded_ocr(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT")) return;
  setenv("OMP_THREAD_LIMIT", "1", 1);
  execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
}

Engine::Engine(Profile profile) : profile_(profile), api_(std::make_unique<tesseract::TessBaseAPI>()) {
  const char* language = profile == Profile::Text ? "vie" : "eng";
  if (api_->Init(nullptr, language, tesseract::OEM_LSTM_ONLY) != 0)
    throw std::runtime_error(std::string("cannot start Tesseract with language '") + language +
                             "' (is tesseract-ocr-" + language + " installed?)");
  api_->SetVariable("debug_file", "/dev/null");
  if (profile != Profile::Text) {
    api_->SetVariable("tessedit_char_whitelist", profile == Profile::Mrz    ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
                                                 : profile == Profile::Code ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
                                                                            : "0123456789/.,-");
    api_->SetVariable("load_system_dawg", "0");
    api_->SetVariable("load_freq_dawg", "0");
  }
}

Engine::~Engine() {
  if (api_) api_->End();
}

std::vector<Line> Engine::read(const cv::Mat& grey, Layout layout, double dpi, cv::Rect roi) {
  if (grey.type() != CV_8UC1) throw std::invalid_argument("OCR needs an 8-bit grey image");
  const cv::Rect whole(0, 0, grey.cols, grey.rows);
  roi = roi.area() > 0 ? roi & whole : whole;
  std::vector<Line> lines;
  if (roi.width < 8 || roi.height < 8) return lines;
  api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(layout));
  api_->SetImage(grey.data, grey.cols, grey.rows, 1, static_cast<int>(grey.step));
  api_->SetSourceResolution(static_cast<int>(std::lround(dpi)));
  api_->SetRectangle(roi.x, roi.y, roi.width, roi.height);
  if (api_->Recognize(nullptr) != 0) return lines;
  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  if (!it) return lines;
  bool new_line = true;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
    if (it->Empty(tesseract::RIL_WORD)) continue;
    Word w;
    w.text = nfc(take(it->GetUTF8Text(tesseract::RIL_WORD)));
    if (w.text.find_first_not_of(" \t\n") == std::string::npos) continue;
    if (new_line) {
      Line line;
      int l, t, r, b;
      it->BoundingBox(tesseract::RIL_TEXTLINE, &l, &t, &r, &b);
      line.box = cv::Rect(l, t, r - l, b - t);
      line.confidence = 1.0;
      lines.push_back(std::move(line));
      new_line = false;
    }
    int l, t, r, b;
    it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b);
    w.box = cv::Rect(l, t, r - l, b - t);
    w.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.0, 0.0, 1.0);
    Line& line = lines.back();
    line.text += (line.text.empty() ? "" : " ") + w.text;
    line.confidence = std::min(line.confidence, w.confidence);
    line.words.push_back(std::move(w));
  } while (it->Next(tesseract::RIL_WORD));
  api_->Clear();
  return lines;
}

EnginePool::EnginePool(int workers) : workers_(std::max(1, workers)) {}
EnginePool::~EnginePool() = default;

EnginePool::Lease::~Lease() {
  if (engine_) pool_->release(engine_);
}

EnginePool::Lease EnginePool::acquire(Profile profile) {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto it = std::find_if(idle_.begin(), idle_.end(), [&](Engine* e) { return e->profile() == profile; });
    if (it != idle_.end()) {
      Engine* e = *it;
      idle_.erase(it);
      return Lease(*this, e);
    }
    const auto made = std::count_if(all_.begin(), all_.end(), [&](const auto& e) { return e->profile() == profile; });
    if (made < workers_) {
      all_.push_back(std::make_unique<Engine>(profile));
      return Lease(*this, all_.back().get());
    }
    freed_.wait(lock);
  }
}

int EnginePool::created() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(all_.size());
}

void EnginePool::release(Engine* engine) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(engine);
  }
  freed_.notify_all();
}

}  // namespace sohoa::ocr
