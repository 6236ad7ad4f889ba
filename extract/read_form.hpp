// Applying a form model to the OCR lines of one prepared document: find each label, take the
// value after it (wrapping onto following lines where the model allows), parse it with the
// field's grammar, and keep where it was read.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/field.hpp"
#include "extract/grammar.hpp"
#include "models/forms.hpp"
#include "ocr/engine.hpp"

namespace sohoa::extract {

struct Reading {
  Json value;               // normalized, null when nothing fitted
  bool valid = false;       // the text fitted the grammar
  double confidence = 0;    // OCR confidence of the words times the grammar's certainty
  cv::Rect box;             // on the scan (on the OCR image while reading)
  cv::Rect ocr_box;         // on the OCR image
  std::string grammar;
  int readings = 1;         // independent readings that gave this value
  std::string raw;          // the text as read (for the log of a disagreement, never of personal data)
};

struct FormReading {
  const models::FormModel* model = nullptr;
  std::map<std::string, Reading> fields;  // by full path: "owners[0].name"
  std::map<std::string, int> entries;     // group path -> number of entries found
  // Groups whose entries did not read cleanly: a label of an entry's field found on a line before
  // the first entry, or twice in one entry (an entry's start line was missed, so two ran together).
  std::set<std::string> doubtful;
};

// Which model fits the lines best; score is the share of the model's "recognise" phrases found,
// and a model of the prepared shape wins near ties. nullptr when none reaches min_share.
const models::FormModel* classify(const std::vector<ocr::Line>& lines, const std::string& shape, double* score = nullptr,
                                  double min_share = 0.4);

// image: the size of the OCR image the lines were read on (for the model's ignore zones).
FormReading read_form(const models::FormModel& model, const std::vector<ocr::Line>& lines, cv::Size image);

// Merges a second, independent reading of a field (by a restricted engine, `text` with its
// confidence) into the first: agreement raises the confidence, a first reading that did not fit
// its grammar is replaced, a disagreement lowers the confidence to a review.
void take_second_reading(Reading& r, const std::string& text, double confidence);
// The same with the second reading already parsed (a phrase its model's pattern had to find).
void take_second_reading(Reading& r, const Parsed& again, double confidence);

}  // namespace sohoa::extract
