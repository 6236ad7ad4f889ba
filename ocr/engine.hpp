// Tesseract engines: one TessBaseAPI per profile and worker, initialised once and reused, run
// single-threaded inside (the station parallelises across documents, not inside Tesseract): see
// single_threaded_ocr().
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace tesseract {
class TessBaseAPI;
}

namespace sohoa::ocr {

struct Word {
  std::string text;  // NFC
  cv::Rect box;      // in the coordinates of the image given to read()
  double confidence = 0;  // 0..1, Tesseract's word confidence
};

struct Line {
  std::string text;  // words joined by single spaces, NFC
  cv::Rect box;
  double confidence = 0;  // the lowest word confidence of the line
  std::vector<Word> words;
};

// Text: Vietnamese printed text. Mrz: OCR-B capitals, digits and '<' only. Digits: numbers,
// dates and areas (a second, independent reading of numeric fields). Code: capitals, digits and
// the gaps between them (codes written by hand, "VP 00876", whose gap is part of the value).
enum class Profile { Text, Mrz, Digits, Code };

// Page segmentation modes used by the station (Tesseract's numbering).
enum class Layout { Auto = 3, Column = 4, Block = 6, SingleLine = 7 };

// Tesseract's OpenMP threads compete with the station's own workers: measured on 2 cores, a
// 2-scan dossier took 5.9 s with OpenMP's defaults (4.3 s of it spinning in the kernel) and
// 2.0 s with one thread per engine. The OpenMP runtime reads OMP_THREAD_LIMIT only when it is
// loaded, so the program calls this first thing in main(): when the limit is not set, it sets
// it and re-executes itself. Returns only when the limit is in place (or cannot be).
void single_threaded_ocr(char** argv);

class Engine {
 public:
  explicit Engine(Profile profile);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  Profile profile() const { return profile_; }
  // Reads the 8-bit grey image (within roi when given) at the given resolution; the boxes of
  // the result are in image coordinates.
  std::vector<Line> read(const cv::Mat& grey, Layout layout, double dpi, cv::Rect roi = {});

 private:
  Profile profile_;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

// A fixed set of engines shared by worker threads: acquire() blocks until an engine of that
// profile is free, and the lease returns it on destruction.
class EnginePool {
 public:
  explicit EnginePool(int workers);
  ~EnginePool();

  class Lease {
   public:
    Lease(EnginePool& pool, Engine* engine) : pool_(&pool), engine_(engine) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), engine_(o.engine_) { o.engine_ = nullptr; }
    Lease(const Lease&) = delete;
    ~Lease();
    Engine& operator*() const { return *engine_; }
    Engine* operator->() const { return engine_; }

   private:
    EnginePool* pool_;
    Engine* engine_;
  };

  Lease acquire(Profile profile);
  int created() const;  // engines initialised so far (they are made on first demand)

 private:
  friend class Lease;
  void release(Engine* engine);

  int workers_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Engine>> all_;
  std::vector<Engine*> idle_;
};

}  // namespace sohoa::ocr
