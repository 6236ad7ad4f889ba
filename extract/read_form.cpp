#include "extract/read_form.hpp"

#include <algorithm>
#include <cctype>

#include "extract/folded.hpp"
#include "extract/grammar.hpp"

namespace sohoa::extract {
namespace {

using models::FieldRule;
using models::FormModel;
using models::Pattern;

struct Span {
  std::size_t line, begin, end;
};

bool search(const Pattern& p, const std::string& text, std::smatch& m, std::size_t from = 0) {
  if (from > text.size()) return false;
  return std::regex_search(text.cbegin() + static_cast<std::ptrdiff_t>(from), text.cend(), m, p.regex);
}

// Whether some stretch of the text is within max_edits of the phrase (Sellers' approximate
// matching: an edit distance whose start and end in the text are free), letters compared without case.
bool near_match(const std::string& text, const std::string& phrase, int max_edits) {
  std::vector<int> col(phrase.size() + 1);
  for (std::size_t i = 0; i <= phrase.size(); ++i) col[i] = static_cast<int>(i);
  for (char c : text) {
    int diagonal = col[0];
    col[0] = 0;
    for (std::size_t i = 1; i <= phrase.size(); ++i) {
      const int above = col[i];
      const bool same = std::tolower(static_cast<unsigned char>(phrase[i - 1])) == std::tolower(static_cast<unsigned char>(c));
      col[i] = std::min({col[i] + 1, col[i - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
    if (col[phrase.size()] <= max_edits) return true;
  }
  return false;
}

class Reader {
 public:
  Reader(const FormModel& model, const std::vector<ocr::Line>& lines) : model_(model) {
    for (const auto& l : lines) folded_.push_back(fold_line(l));
    for (const auto& f : model.fields)
      if (f.label) stops_.push_back(&*f.label);
    for (const auto& g : model.groups) {
      stops_.push_back(&g.start);
      for (const auto& f : g.fields)
        if (f.label && f.line < 0) stops_.push_back(&*f.label);
    }
    for (const auto& s : model.stops) {
      stops_.push_back(&s);
      // a stop that is a plain phrase (not a pattern) also ends a value when misread a little
      if (s.source.find_first_not_of("abcdefghijklmnopqrstuvwxyz ,") == std::string::npos) phrase_stops_.push_back(&s.source);
    }
  }

  FormReading read() {
    FormReading out;
    out.model = &model_;
    std::vector<std::size_t> all(folded_.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    for (const auto& f : model_.fields)
      if (auto r = field(f, all)) out.fields[f.path] = *r;
    for (const auto& g : model_.groups) {
      std::vector<std::size_t> stray;
      const auto entries = group_entries(g, stray);
      if (doubtful(g, entries, stray)) out.doubtful.insert(g.path);
      int& count = out.entries[g.path];
      count = std::max(count, static_cast<int>(entries.size()));
      for (std::size_t e = 0; e < entries.size(); ++e)
        for (const auto& f : g.fields)
          if (auto r = field(f, entries[e])) out.fields[g.path + "[" + std::to_string(e) + "]." + f.path] = *r;
    }
    return out;
  }

 private:
  bool doubtful(const models::GroupRule& g, const std::vector<std::vector<std::size_t>>& entries,
                const std::vector<std::size_t>& stray) const {
    std::smatch m;
    for (const auto& f : g.fields) {
      if (!f.label || f.line >= 0) continue;
      for (std::size_t i : stray)
        if (search(*f.label, folded_[i].folded, m)) return true;
      for (const auto& e : entries) {
        int found = 0;
        for (std::size_t i : e) found += search(*f.label, folded_[i].folded, m);
        if (found > 1) return true;
      }
    }
    return false;
  }

  bool is_stop(std::size_t line) const {
    std::smatch m;
    for (const Pattern* p : stops_)
      if (search(*p, folded_[line].folded, m)) return true;
    for (const std::string* p : phrase_stops_)
      if (near_match(folded_[line].folded, *p, std::max(1, static_cast<int>(p->size()) / 5))) return true;
    return false;
  }

  // Whether line b continues line a: close below it, not a new item.
  bool continues(std::size_t a, std::size_t b) const {
    const cv::Rect& ra = folded_[a].line->box;
    const cv::Rect& rb = folded_[b].line->box;
    const int height = std::max(ra.height, 8);
    return rb.y >= ra.y && rb.y - (ra.y + ra.height) < height && !is_stop(b);
  }

  // Where the value's column starts: the left of the run of words its label (or the value)
  // starts in, a run ending where a gap wider than a line's height separates print beside it.
  static int column_left(const FoldedLine& line, std::size_t start) {
    const auto& words = line.line->words;
    std::size_t w = 0;
    for (std::size_t i = start; i < line.word_of.size(); ++i)
      if (line.word_of[i] >= 0) {
        w = static_cast<std::size_t>(line.word_of[i]);
        break;
      }
    const int h = line.line->box.height;
    while (w > 0 && words[w].box.x - (words[w - 1].box.x + words[w - 1].box.width) < h) --w;
    return words.empty() ? line.line->box.x - h : words[w].box.x - h;
  }

  // The words of a continuation line that lie in the value's column and are text, not specks,
  // up to the field's end pattern; empty when the line is print beside the column.
  std::vector<Span> column_words(std::size_t li, int column, const Pattern* until) const {
    const FoldedLine& line = folded_[li];
    std::size_t end = line.folded.size();
    std::smatch m;
    if (until && search(*until, line.folded, m)) end = static_cast<std::size_t>(m.position(0));
    std::vector<Span> out;
    for (std::size_t i = 0; i < end;) {
      if (line.word_of[i] < 0) {
        ++i;
        continue;
      }
      const int w = line.word_of[i];
      std::size_t j = i;
      while (j < end && line.word_of[j] == w) ++j;
      const ocr::Word& word = line.line->words[static_cast<std::size_t>(w)];
      int alnum = 0;
      for (std::size_t c = i; c < j; ++c) alnum += std::isalnum(static_cast<unsigned char>(line.folded[c])) != 0;
      if (word.box.x >= column && (word.confidence >= 0.15 || alnum >= 2) && alnum > 0) {
        if (!out.empty() && out.back().end + 1 == i) out.back().end = j;
        else out.push_back({li, i, j});
      }
      i = j;
    }
    return out;
  }

  std::optional<Reading> field(const FieldRule& f, const std::vector<std::size_t>& lines) {
    std::vector<std::size_t> where = lines;
    if (f.line >= 0) {
      if (static_cast<std::size_t>(f.line) >= lines.size()) return std::nullopt;
      where = {lines[static_cast<std::size_t>(f.line)]};
    }
    std::smatch m;
    // a label with nothing after it, or with what its grammar does not read (a card's "Có giá trị
    // đến" followed on its line by the next label): look for a later one ("Date of expiry")
    std::optional<Reading> empty_match, invalid_match;
    for (std::size_t k = 0; k < where.size(); ++k) {
      const std::size_t li = where[k];
      const FoldedLine& line = folded_[li];
      if (f.find) {
        if (!search(*f.find, line.folded, m)) continue;
        std::vector<std::string> groups;
        for (const auto& g : m) groups.push_back(g.str());
        const auto begin = static_cast<std::size_t>(m.position(0)), end = begin + static_cast<std::size_t>(m.length(0));
        return finish(f, {{li, begin, end}}, groups);
      }
      std::size_t begin = 0, label_start = 0;
      if (f.label) {
        if (!search(*f.label, line.folded, m)) continue;
        label_start = static_cast<std::size_t>(m.position(0));
        begin = static_cast<std::size_t>(m.position(0) + m.length(0));
      }
      std::size_t end = line.folded.size();
      if (f.until && search(*f.until, line.folded, m, begin)) end = begin + static_cast<std::size_t>(m.position(0));
      std::vector<Span> spans = {{li, begin, end}};
      const bool empty = line.text(begin, end).find_first_not_of(" :;.,") == std::string::npos;
      if (empty && !f.wrap) {
        // the value is on one of the next lines (the first that fits the grammar)
        for (std::size_t j = k + 1; j < where.size() && j <= k + 2; ++j) {
          const std::size_t next = where[j];
          if (next > li + 2 || is_stop(next)) break;
          std::size_t e = folded_[next].folded.size();
          if (f.until && search(*f.until, folded_[next].folded, m)) e = static_cast<std::size_t>(m.position(0));
          auto r = finish(f, {{next, 0, e}}, {});
          if (r && r->valid) return r;
        }
      }
      if (f.wrap || empty) {
        // the value continues (or, after a label that ends its line, starts) on the next lines
        // of its own column: lines of print beside it (a card's expiry under its photo) are
        // passed over, and words left of the column are not part of it
        const int column = column_left(line, label_start);
        std::size_t last = li, skipped = 0;
        for (std::size_t j = k + 1; j < where.size() && spans.size() < 12; ++j) {
          const std::size_t next = where[j];
          std::vector<Span> words = column_words(next, column, f.until ? &*f.until : nullptr);
          if (words.empty() && skipped < 3) {
            ++skipped;
            continue;
          }
          if (!continues(last, next) && !(empty && spans.size() == 1 && next == last + 1 && !is_stop(next))) break;
          spans.insert(spans.end(), words.begin(), words.end());
          last = next;
          if (!f.wrap) break;
        }
      }
      auto r = finish(f, spans, {});
      if (r && r->raw.empty()) {
        if (!empty_match) {
          // nothing read after the label (a blot, a smudge): the clerk's snippet shows the label
          // and the space after it on its line, where the value should have been
          empty_match = r;
          const cv::Rect label = line.box(label_start, begin);
          if (label.area() > 0) empty_match->box = cv::Rect(label.x, label.y, label.width + 8 * label.height, label.height);
        }
        continue;
      }
      if (r && !r->valid) {
        if (!invalid_match) invalid_match = r;
        continue;
      }
      return r;
    }
    return invalid_match ? invalid_match : empty_match;
  }

  std::optional<Reading> finish(const FieldRule& f, const std::vector<Span>& spans, const std::vector<std::string>& groups) {
    Reading r;
    double confidence = 0, weight = 0;
    for (const auto& s : spans) {
      const FoldedLine& line = folded_[s.line];
      const std::string text = line.text(s.begin, s.end);
      if (text.empty()) continue;
      r.raw += (r.raw.empty() ? "" : " ") + text;
      const cv::Rect b = line.box(s.begin, s.end);
      r.box = r.box.area() ? (r.box | b) : b;
      const double n = static_cast<double>(s.end - s.begin);
      confidence += line.confidence(s.begin, s.end) * n;
      weight += n;
    }
    if (r.raw.empty() && f.optional) return std::nullopt;
    r.ocr_box = r.box;
    r.grammar = f.grammar;
    const Parsed p = parse_value(f.grammar, r.raw, groups);
    r.value = p.value;
    r.valid = p.valid;
    r.confidence = std::max((weight ? confidence / weight : 0) * p.certainty, p.floor);
    return r;
  }

  std::vector<std::vector<std::size_t>> group_entries(const models::GroupRule& g, std::vector<std::size_t>& stray) const {
    std::size_t from = 0, to = folded_.size();
    std::smatch m;
    if (g.after) {
      from = to;
      for (std::size_t i = 0; i < folded_.size(); ++i)
        if (search(*g.after, folded_[i].folded, m)) {
          from = i + 1;
          break;
        }
    }
    if (g.before)
      for (std::size_t i = from; i < folded_.size(); ++i)
        if (search(*g.before, folded_[i].folded, m)) {
          to = i;
          break;
        }
    std::vector<std::vector<std::size_t>> entries;
    for (std::size_t i = from; i < to; ++i) {
      if (search(g.start, folded_[i].folded, m)) entries.emplace_back();
      if (!entries.empty()) entries.back().push_back(i);
      else stray.push_back(i);
    }
    return entries;
  }

  const FormModel& model_;
  std::vector<FoldedLine> folded_;
  std::vector<const Pattern*> stops_;
  std::vector<const std::string*> phrase_stops_;
};

}  // namespace

const models::FormModel* classify(const std::vector<ocr::Line>& lines, const std::string& shape, double* score, double min_share) {
  std::string text;
  for (const auto& l : lines) text += fold_line(l).folded + "\n";
  // the form whose phrases the text holds best; the shape the detector measured only breaks near
  // ties (a 2024 sheet cut out as a 2014 page still reads as the 2024 form)
  const models::FormModel* best = nullptr;
  double best_share = 0;
  for (const auto& m : models::form_models()) {
    int found = 0;
    std::smatch match;
    // a phrase the OCR garbled a little ("ID£ NTITY CARD" on a 150-dpi photo) still counts
    for (const auto& p : m.recognise)
      found += std::regex_search(text, match, p.regex) || near_match(text, p.source, std::max(1, static_cast<int>(p.source.size()) / 5));
    double share = static_cast<double>(found) / static_cast<double>(m.recognise.size());
    if (!shape.empty() && m.shape == shape) share += 0.1;
    if (share > best_share) best = &m, best_share = share;
  }
  if (best && !shape.empty() && best->shape == shape) best_share -= 0.1;
  if (score) *score = best_share;
  return best_share >= min_share ? best : nullptr;
}

FormReading read_form(const models::FormModel& model, const std::vector<ocr::Line>& lines, cv::Size image) {
  if (model.ignore.empty()) return Reader(model, lines).read();
  std::vector<cv::Rect> zones;
  for (const auto& z : model.ignore)
    zones.emplace_back(static_cast<int>(z[0] * image.width), static_cast<int>(z[1] * image.height),
                       static_cast<int>(z[2] * image.width), static_cast<int>(z[3] * image.height));
  std::vector<ocr::Line> kept;
  for (const auto& l : lines) {
    ocr::Line out;
    out.confidence = 1;
    for (const auto& w : l.words) {
      const cv::Point centre(w.box.x + w.box.width / 2, w.box.y + w.box.height / 2);
      if (std::any_of(zones.begin(), zones.end(), [&](const cv::Rect& z) { return z.contains(centre); })) continue;
      out.text += (out.text.empty() ? "" : " ") + w.text;
      out.box = out.words.empty() ? w.box : (out.box | w.box);
      out.confidence = std::min(out.confidence, w.confidence);
      out.words.push_back(w);
    }
    if (!out.words.empty()) kept.push_back(std::move(out));
  }
  return Reader(model, kept).read();
}

void take_second_reading(Reading& r, const std::string& text, double confidence) {
  take_second_reading(r, parse_value(r.grammar, text), confidence);
}

void take_second_reading(Reading& r, const Parsed& again, double confidence) {
  if (!again.valid) return;
  if (r.valid && r.value == again.value) {
    r.readings = 2;
    r.confidence = std::max(r.confidence, 0.97);
  } else if (!r.valid) {
    r.value = again.value, r.valid = true, r.confidence = confidence * 0.9 * again.certainty;
    // the restricted engine reads no spaces: "CH 21670" keeps the space the first reading saw
    if (r.grammar == "registry_number") {
      const std::string first = fold(r.raw);
      const std::string code = r.value.get<std::string>();
      const auto space = first.find(' ');
      if (space != std::string::npos && space + 1 < first.size() && std::isdigit(static_cast<unsigned char>(first[space + 1])) &&
          code.size() > 2 && code.find(' ') == std::string::npos)
        r.value = code.substr(0, 2) + " " + code.substr(2);
    }
  } else {
    r.confidence = std::min(r.confidence, 0.5);  // the two engines disagree
  }
}

}  // namespace sohoa::extract
