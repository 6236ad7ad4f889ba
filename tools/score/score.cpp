#include "tools/score/score.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace sohoa::score {
namespace {

namespace fs = std::filesystem;

struct Leaf {
  std::string path;
  Field field;
};

void flatten(const Json& node, const std::string& path, std::vector<Leaf>& out) {
  if (is_field_leaf(node)) {
    out.push_back({path, field_from_json(node)});
  } else if (node.is_object()) {
    for (const auto& [k, v] : node.items()) flatten(v, path.empty() ? k : path + "." + k, out);
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) flatten(node[i], path + "[" + std::to_string(i) + "]", out);
  }
}

std::vector<Leaf> leaves(const Json& document) {
  std::vector<Leaf> out;
  if (auto f = document.find("fields"); f != document.end() && f->is_object()) flatten(*f, "", out);
  return out;
}

bool same_value(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return std::abs(a.get<double>() - b.get<double>()) < 1e-6;
  return a == b;
}

std::string generic(const std::string& path) {
  static const std::regex index(R"(\[\d+\])");
  return std::regex_replace(path, index, "[]");
}

bool critical(const std::string& type, const std::string& path) {
  return type == "id_card" && (path == "id_number" || path == "date_of_birth" || path == "mrz");
}

const Field* find(const std::vector<Leaf>& ls, const std::string& path) {
  for (const auto& l : ls)
    if (l.path == path) return &l.field;
  return nullptr;
}

int agreement(const std::vector<Leaf>& truth, const std::vector<Leaf>& pred) {
  int n = 0;
  for (const auto& t : truth)
    if (const Field* p = find(pred, t.path); p && same_value(p->value, t.field.value)) ++n;
  return n;
}

void count(Tally& t, bool correct, bool flagged) {
  ++t.total;
  t.correct += correct;
  t.flagged += flagged;
  t.wrong_unflagged += !correct && !flagged;
}

Json read_json(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  try {
    return Json::parse(in);
  } catch (const Json::exception& e) {
    throw std::runtime_error(p.string() + " is not valid JSON: " + e.what());
  }
}

// A dossier file, or the file of that name in a folder; nullopt if the folder has none.
std::optional<fs::path> dossier_file(const fs::path& p, const char* name) {
  if (fs::is_regular_file(p)) return p;
  if (fs::is_regular_file(p / name)) return p / name;
  return std::nullopt;
}

std::string percent(int part, int whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%6.2f%%", whole ? 100.0 * part / whole : 0.0);
  return buf;
}

Json tally_json(const Tally& t) {
  return {{"total", t.total}, {"correct", t.correct}, {"wrong_unflagged", t.wrong_unflagged}, {"flagged", t.flagged}};
}

// Which predicted document (index, or -1) stands for each truth document: of the same type, the
// one-to-one assignment with the most fields in agreement over the whole dossier (a greedy choice
// in truth order can hand one person's card to another when a card is missing).
std::vector<int> match_documents(const Json& truth_docs, const Json& pred_docs) {
  const std::size_t nt = truth_docs.size(), np = pred_docs.size();
  std::vector<std::vector<int>> score(nt, std::vector<int>(np, -1));
  for (std::size_t t = 0; t < nt; ++t) {
    const auto tl = leaves(truth_docs[t]);
    for (std::size_t p = 0; p < np; ++p)
      if (pred_docs[p].value("type", "") == truth_docs[t].value("type", "")) score[t][p] = agreement(tl, leaves(pred_docs[p]));
  }
  std::vector<int> best(nt, -1), current(nt, -1);
  std::vector<bool> used(np, false);
  int best_total = -1;
  // exhaustive over the few documents of a dossier (a certificate and a handful of cards)
  std::function<void(std::size_t, int)> search = [&](std::size_t t, int total) {
    if (t == nt) {
      if (total > best_total) best_total = total, best = current;
      return;
    }
    for (std::size_t p = 0; p < np; ++p)
      if (!used[p] && score[t][p] >= 0) {
        used[p] = true, current[t] = static_cast<int>(p);
        search(t + 1, total + score[t][p]);
        used[p] = false, current[t] = -1;
      }
    search(t + 1, total);  // this truth document has no prediction
  };
  if (nt <= 8 && np <= 10) search(0, 0);
  else
    for (std::size_t t = 0; t < nt; ++t) {  // a large dossier: greedy, in truth order
      int pick = -1;
      for (std::size_t p = 0; p < np; ++p)
        if (!used[p] && score[t][p] >= 0 && (pick < 0 || score[t][p] > score[t][static_cast<std::size_t>(pick)])) pick = static_cast<int>(p);
      if (pick >= 0) used[static_cast<std::size_t>(pick)] = true;
      best[t] = pick;
    }
  return best;
}

}  // namespace

Report score_dossier(const Json& truth, const Json& prediction) {
  Report r;
  r.dossiers = 1;
  std::set<std::string> sources;
  for (const auto& p : truth.value("pages", Json::array())) sources.insert(p.value("source", ""));
  r.pages = static_cast<int>(sources.size());
  const Json pred_docs = prediction.value("documents", Json::array());
  const Json& truth_docs = truth.at("documents");
  const auto match = match_documents(truth_docs, pred_docs);
  for (std::size_t d = 0; d < truth_docs.size(); ++d) {
    const Json& tdoc = truth_docs[d];
    const std::string type = tdoc.value("type", "");
    const auto tleaves = leaves(tdoc);
    const int best = match[d];
    std::vector<Leaf> pleaves;
    if (best >= 0) pleaves = leaves(pred_docs[static_cast<std::size_t>(best)]);
    else ++r.documents_missing;
    ++r.documents;
    bool all_right = true;
    for (const auto& t : tleaves) {
      const Field* p = find(pleaves, t.path);
      const bool correct = p && same_value(p->value, t.field.value);
      const bool flagged = p && p->review;
      all_right = all_right && correct;
      count(r.fields, correct, flagged);
      count(r.per_field[type + "." + generic(t.path)], correct, flagged);
      if (critical(type, t.path)) count(r.critical, correct, flagged);
    }
    r.documents_all_right += all_right;
  }
  return r;
}

void Report::add(const Report& o) {
  dossiers += o.dossiers, documents += o.documents, documents_all_right += o.documents_all_right;
  documents_missing += o.documents_missing, pages += o.pages;
  auto merge = [](Tally& a, const Tally& b) {
    a.total += b.total, a.correct += b.correct, a.wrong_unflagged += b.wrong_unflagged, a.flagged += b.flagged;
  };
  merge(fields, o.fields);
  merge(critical, o.critical);
  for (const auto& [k, v] : o.per_field) merge(per_field[k], v);
}

Json Report::to_json() const {
  Json j;
  j["dossiers"] = dossiers;
  j["documents"] = documents;
  j["documents_all_right"] = documents_all_right;
  j["documents_missing"] = documents_missing;
  j["pages"] = pages;
  j["fields"] = tally_json(fields);
  j["field_accuracy"] = fields.total ? 1.0 * fields.correct / fields.total : 0.0;
  j["wrong_unflagged_share"] = fields.total ? 1.0 * fields.wrong_unflagged / fields.total : 0.0;
  j["flagged_share"] = fields.total ? 1.0 * fields.flagged / fields.total : 0.0;
  j["critical"] = tally_json(critical);
  j["per_field"] = Json::object();
  for (const auto& [k, v] : per_field) j["per_field"][k] = tally_json(v);
  j["seconds"] = seconds ? Json(*seconds) : Json();
  j["pages_per_minute"] = seconds && *seconds > 0 ? Json(pages * 60.0 / *seconds) : Json();
  return j;
}

std::string Report::summary() const {
  std::ostringstream o;
  o << "dossiers " << dossiers << ", documents " << documents << " (" << documents_missing << " not found), pages " << pages
    << ", fields " << fields.total << "\n";
  o << "  field accuracy          " << percent(fields.correct, fields.total) << "  (" << fields.correct << " right)\n";
  o << "  documents all right     " << percent(documents_all_right, documents) << "  (" << documents_all_right << ")\n";
  o << "  wrong and not flagged   " << percent(fields.wrong_unflagged, fields.total) << "  (" << fields.wrong_unflagged << ")\n";
  o << "  flagged for review      " << percent(fields.flagged, fields.total) << "  (" << fields.flagged << ")\n";
  o << "  card number, birth date and MRZ wrong and not flagged: " << critical.wrong_unflagged << " of " << critical.total << "\n";
  if (seconds && *seconds > 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", pages * 60.0 / *seconds);
    o << "  pages per minute        " << buf << "\n";
  }
  o << "  per field (accuracy, wrong and not flagged):\n";
  for (const auto& [k, v] : per_field) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "    %-44s %s  %d\n", k.c_str(), percent(v.correct, v.total).c_str(), v.wrong_unflagged);
    o << buf;
  }
  return o.str();
}

Report score_paths(const fs::path& truth, const fs::path& prediction) {
  if (!fs::exists(truth)) throw std::runtime_error("no truth at " + truth.string());
  if (!fs::exists(prediction)) throw std::runtime_error("no prediction at " + prediction.string());
  Report total;
  auto pred_file_for = [&](const std::string& name) -> std::optional<fs::path> {
    if (auto f = dossier_file(prediction / name, "dossier.json")) return f;
    return std::nullopt;
  };
  if (auto t = dossier_file(truth, "truth.json")) {
    auto p = dossier_file(prediction, "dossier.json");
    if (!p) throw std::runtime_error("no dossier.json in " + prediction.string());
    total = score_dossier(read_json(*t), read_json(*p));
  } else {
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(truth))
      if (e.is_directory() && fs::is_regular_file(e.path() / "truth.json")) folders.push_back(e.path());
    if (folders.empty()) throw std::runtime_error("no truth.json under " + truth.string());
    std::sort(folders.begin(), folders.end());
    for (const auto& f : folders) {
      const auto p = pred_file_for(f.filename().string());
      total.add(score_dossier(read_json(f / "truth.json"), p ? read_json(*p) : Json::object()));
    }
  }
  const fs::path run = fs::is_directory(prediction) ? prediction / "run.json" : prediction.parent_path() / "run.json";
  if (fs::is_regular_file(run)) {
    const Json r = read_json(run);
    if (r.contains("seconds") && r["seconds"].is_number()) total.seconds = r["seconds"].get<double>();
  }
  return total;
}

}  // namespace sohoa::score
