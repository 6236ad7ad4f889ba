// ID cards: both sides merged, QR payload and MRZ decoded and compared with the printed text.
#include <algorithm>

#include "core/cccd.hpp"
#include "core/mrz.hpp"
#include "core/text.hpp"
#include "extract/assemble.hpp"
#include "extract/field_checks.hpp"
#include "extract/qr_payload.hpp"
#include "extract/vocabulary.hpp"
#include "models/tables.hpp"

namespace sohoa::extract {
namespace {

std::vector<std::string> card_order(const std::string& form) {
  std::vector<std::string> order = {"id_number", "old_id_number", "full_name", "date_of_birth", "sex", "nationality"};
  order.push_back(form == "cancuoc_2024" ? "place_of_birth" : "place_of_origin");
  for (const char* p : {"place_of_residence", "date_of_issue", "date_of_expiry", "mrz"}) order.push_back(p);
  return order;
}

// The payload's values by field path; empty when it is not a card payload of this model.
std::map<std::string, Json> qr_values(const DocumentReading& side) {
  if (!side.qr || !side.model->qr) return {};
  return qr_fields(*side.qr, *side.model->qr);
}

SourceRef ref(const DocumentReading& d, const cv::Rect& box) { return {d.source, d.page, {box.x, box.y, box.width, box.height}}; }

// The number a side carries, for pairing: QR, then MRZ, then printed.
std::string side_number(const DocumentReading& d) {
  const auto qr = qr_values(d);
  if (auto it = qr.find("id_number"); it != qr.end() && it->second.is_string()) return it->second;
  if (d.mrz && d.mrz->personal_ok) return d.mrz->personal_number;
  if (auto it = d.form.fields.find("id_number"); it != d.form.fields.end() && it->second.valid) return it->second.value;
  return "";
}

bool is_front(const DocumentReading& d) { return d.kind.find("_front") != std::string::npos; }

// Whether a front and a back without matching numbers show the same person: the back's MRZ (or
// QR) against the front's printed name and date of birth. nullopt when nothing compares.
std::optional<bool> same_person(const DocumentReading& front, const DocumentReading& back) {
  std::optional<bool> same;
  auto compare = [&](bool agree) { same = same.value_or(true) && agree; };
  const auto qr = qr_values(back);
  const auto name = front.form.fields.find("full_name");
  const auto dob = front.form.fields.find("date_of_birth");
  if (name != front.form.fields.end() && name->second.valid) {
    const std::string printed = name->second.value.get<std::string>();
    if (auto it = qr.find("full_name"); it != qr.end() && it->second.is_string()) compare(edit_distance(printed, it->second.get<std::string>()) <= 3);
    else if (back.mrz) compare(edit_distance(mrz_text(printed), mrz_text(back.mrz->full_name())) <= 3);
  }
  if (dob != front.form.fields.end() && dob->second.valid) {
    if (auto it = qr.find("date_of_birth"); it != qr.end() && it->second.is_string()) compare(it->second == dob->second.value);
    else if (back.mrz && back.mrz->birth_ok) compare(back.mrz->birth->iso() == dob->second.value);
  }
  return same;
}

// The MRZ a card's decided number, birth date, sex, name and expiry compose (ICAO 9303,
// Vietnamese layout), for each expiry the card can have: the decided one, or, when that is not
// known, each that the law allows (cards run to the 25th, 40th or 60th birthday, or never expire:
// Law on Citizen Identification 2014, art. 21). Empty when the other data is not known.
// `doubtful`: a number, birth date or sex under review went into it; `lawful`: its expiry is the
// one the law gives for the card's date of issue.
struct Composition {
  std::array<std::string, 3> lines;
  std::optional<Date> expiry;
  bool doubtful = false, lawful = false;
};
std::vector<Composition> composed_mrz(Assembled& a) {
  const Field &id = a.fields["id_number"], &birth = a.fields["date_of_birth"], &sex = a.fields["sex"];
  const Field &expiry = a.fields["date_of_expiry"], &name = a.fields["full_name"];
  if (!id.value.is_string() || id.value.get<std::string>().size() != 12 || !birth.value.is_string() || !sex.value.is_string() ||
      !name.value.is_string())
    return {};
  const bool doubtful = id.review || birth.review || sex.review;
  const auto dob = Date::parse_iso(birth.value.get<std::string>());
  if (!dob) return {};
  std::vector<std::optional<Date>> expiries;
  if (!expiry.review) {
    const auto until = expiry.value.is_string() ? Date::parse_iso(expiry.value.get<std::string>()) : std::nullopt;
    if (expiry.value.is_string() && !until) return {};
    expiries.push_back(until);
  } else {
    expiries = {dob->plus_years(25), dob->plus_years(40), dob->plus_years(60), std::nullopt};
  }
  const Field& issued = a.fields["date_of_issue"];
  const auto issue = issued.value.is_string() ? Date::parse_iso(issued.value.get<std::string>()) : std::nullopt;
  const auto by_law = issue ? std::optional(card_expiry_by_law(*dob, *issue)) : std::nullopt;
  std::vector<Composition> out;
  for (const auto& e : expiries)
    out.push_back({compose_td1(vietnamese_td1(id.value.get<std::string>(), *dob, sex.value == "Nữ", e, name.value.get<std::string>())), e,
                   doubtful, by_law == e});
  return out;
}

// Whether an MRZ name line read shows the letters of the line a name composes, in order, with
// nothing else but OCR-B's '<' misread (as K, X, S, E or C) and a speck or two after the name.
bool shows_name(const std::string& read, const std::string& composed) {
  static const std::string filler_misreads = "<KXSEC";
  std::string want;
  for (char c : composed)
    if (c != '<') want += c;
  std::size_t matched = 0, after = 0;
  for (char c : read) {
    if (matched < want.size() && c == want[matched]) ++matched;
    else if (filler_misreads.find(c) != std::string::npos) continue;
    else if (matched == want.size()) ++after;
    else return false;
  }
  return matched == want.size() && after <= 2;
}

// A side whose form was told by its layout alone: the values only its OCR gives go to review (the
// model may be the wrong one, and the print was too poor for its labels to be read); a value
// another reading confirms (MRZ, QR) stands, and with every value confirmed nothing is said.
void check_layout_readings(Assembled& a, const DocumentReading& side) {
  std::vector<std::string> alone;
  for (const auto& [path, r] : side.form.fields) {
    const auto it = a.fields.find(path);
    if (r.valid && it != a.fields.end() && it->second.value == r.value && it->second.evidence == std::vector<std::string>{"ocr"})
      alone.push_back(path);
  }
  if (!alone.empty())
    a.add_check("card.layout", false, "no form phrase was read on a side: its form is told by where its values are printed, and what only its text gives waits for a person", alone);
}

Assembled card_document(const std::string& form, const DocumentReading* front, const DocumentReading* back, int today_year) {
  Assembled a;
  a.type = "id_card", a.form = form;
  for (const auto* s : {front, back})
    if (s) a.parts.push_back(s);
  a.order = card_order(form);
  std::map<std::string, std::vector<Candidate>> cand;
  for (const auto* side : a.parts) {
    for (const auto& [path, r] : side->form.fields)
      cand[path].push_back({r.value, "ocr", r.confidence, r.valid, ref(*side, r.box)});
    for (const auto& [path, v] : qr_values(*side)) cand[path].push_back({v, "qr", 1, true, ref(*side, side->qr_box)});
  }
  const Td1Reading* mrz = back && back->mrz ? &*back->mrz : nullptr;
  if (mrz) {
    const SourceRef at = ref(*back, back->mrz_box);
    if (mrz->personal_ok && mrz->document_ok) cand["id_number"].push_back({mrz->personal_number, "mrz", 1, true, at});
    if (mrz->birth_ok) cand["date_of_birth"].push_back({mrz->birth->iso(), "mrz", 1, true, at});
    if (mrz->composite_ok && (mrz->sex == 'M' || mrz->sex == 'F')) cand["sex"].push_back({mrz->sex == 'M' ? "Nam" : "Nữ", "mrz", 1, true, at});
    // issuing state and nationality both read VNM (no check digit covers them, so both must)
    if (mrz->header_ok && mrz->lines[1].substr(15, 3) == "VNM") cand["nationality"].push_back({"Việt Nam", "mrz", 1, true, at});
    if (mrz->expiry_ok) cand["date_of_expiry"].push_back({mrz->expiry ? Json(mrz->expiry->iso()) : Json(), "mrz", 1, true, at});
  }
  for (const auto& path : a.order)
    if (path != "mrz") a.fields[path] = decide(cand[path]);
  // a 2021 card without its QR code still shows whether it had an old number only through the QR
  if (!cand.count("old_id_number")) a.fields["old_id_number"].review = true;
  // a sex nothing read is the one the card number's century digit encodes: shown for a clerk to confirm
  Field& sex = a.fields["sex"];
  const Field& number = a.fields["id_number"];
  if (sex.value.is_null() && !number.review && number.value.is_string())
    if (const auto coded = decode_personal_number(number.value.get<std::string>())) {
      sex.value = coded->female ? "Nữ" : "Nam";
      sex.confidence = 0.5, sex.review = true, sex.source = number.source;
    }
  for (const auto* side : a.parts)
    if (side->kind_by_layout) check_layout_readings(a, *side);

  // The MRZ: its check digits verify lines 1 and 2; line 3 (the name) has none, so it must
  // match the card's decided name as ICAO transliterates it.
  Field& m = a.fields["mrz"];
  if (mrz) {
    m.source = ref(*back, back->mrz_box);
    Td1Reading r = *mrz;
    bool guessed = false;
    if (!r.all_ok()) {
      // the zone as the card's own data composes it: when what was read lies within a few
      // characters of exactly one composition on lines 1 and 2, and clearly nearer to it than
      // to any other, the printed zone is that one
      const auto compositions = composed_mrz(a);
      // a zone this far off is still nearer to the card's own data than to anything else: the
      // zone read fails its check digits, so no reading of it is lost by showing the composition
      constexpr double kMostOff = 10;
      double best = 99, second = 99;
      const Composition* chosen = nullptr;
      std::vector<double> distance;
      for (const auto& c : compositions) {
        const double d = edit_distance(c.lines[0], r.lines[0]) + edit_distance(c.lines[1], r.lines[1]);
        distance.push_back(d);
        if (d < best) second = best, best = d, chosen = &c;
        else second = std::min(second, d);
      }
      // two expiries the zone may show as nearly (a misread 3 is a 5: 2036 or 2056): the one the law
      // gives for the printed date of issue is the better guess
      bool tied = second - best < 2, by_law = false;
      for (std::size_t i = 0; tied && i < compositions.size(); ++i)
        if (compositions[i].lawful && distance[i] == best) chosen = &compositions[i], tied = false, by_law = true;
      // further off (an inserted or lost character shifts a run), composed from a reading under
      // review, or chosen by the law, it is still the best value to show, but only a clerk can confirm it
      guessed = chosen && (best > 3 || chosen->doubtful || by_law) && best <= kMostOff && !tied;
      if (chosen && best <= kMostOff && !tied) {
        r = *read_td1({chosen->lines[0], chosen->lines[1], r.lines[2]}, today_year);
        Field& until = a.fields["date_of_expiry"];
        // the expiry the zone shows, read through the composition it matched; a guessed one only
        // fills an expiry nothing read, for a clerk to confirm
        if (until.review && (!guessed || until.evidence.empty())) {
          until.value = chosen->expiry ? Json(chosen->expiry->iso()) : Json();
          until.source = ref(*back, back->mrz_box);
          if (guessed) until.confidence = 0.5, until.evidence = {};
          else until.confidence = 0.95, until.review = false, until.evidence = {"mrz"};
        }
      }
    }
    if (!r.all_ok()) {
      // a misread digit that the card's other readings give, confirmed by its check digit
      auto known = [&](const char* p) -> const Field* {
        const Field& f = a.fields[p];
        const bool other = std::any_of(f.evidence.begin(), f.evidence.end(), [](const auto& e) { return e != "mrz"; });
        return !f.review && other ? &f : nullptr;
      };
      const Field* id = known("id_number");
      const Field* birth = known("date_of_birth");
      const Field* expiry = known("date_of_expiry");
      std::optional<std::optional<Date>> until;
      if (expiry) until = expiry->value.is_string() ? Date::parse_iso(expiry->value.get<std::string>()) : std::nullopt;
      r = reconcile_td1(r, id && id->value.is_string() ? id->value.get<std::string>() : "",
                        birth && birth->value.is_string() ? Date::parse_iso(birth->value.get<std::string>()) : std::nullopt, until,
                        today_year);
    }
    const Field& name = a.fields["full_name"];
    // the MRZ has no diacritics: even a name flagged for its tone marks gives its line 3
    if (name.value.is_string()) {
      std::string line3 = mrz_name(name.value.get<std::string>());
      line3.resize(30, '<');
      const std::string read3 = r.lines[2];
      if (shows_name(read3, line3)) r.lines[2] = line3;
      // a name the QR code gives is the card's own: a line showing its letters at their places
      // is that name, whatever its fillers were read as
      const bool coded = std::find(name.evidence.begin(), name.evidence.end(), "qr") != name.evidence.end();
      bool in_place = coded && r.lines[2].size() == line3.size();
      for (std::size_t i = 0; in_place && i < line3.size(); ++i) in_place = line3[i] == '<' || r.lines[2][i] == line3[i];
      if (in_place) r.lines[2] = line3;
      m.evidence = {"mrz", "cross"};
      // a name still under review (one OCR reading, which may have lost a space) confirms only a
      // line read exactly as it gives it
      m.review = guessed || !(r.all_ok() && r.lines[2] == line3) || (name.review && read3 != line3);
    } else {
      m.evidence = {"mrz"};
    }
    m.value = r.joined();
    m.confidence = m.review ? 0.5 : 0.99;
    if (guessed)
      a.add_check("mrz.composed", false, "the zone read differs in a few characters from what the card's data composes: shown as composed", {"mrz"});
    a.add_check("mrz.check_digits", r.all_ok(),
                r.all_ok() ? "every MRZ check digit verifies" : "an MRZ check digit does not verify: the zone is misread or damaged",
                {"mrz"});
    // a zone whose check digits verify must say what the card's decided fields say: a misread the
    // check digits let through by chance (a birth date "410102" whose check digit happened to
    // agree, a sex read as '4') shows here
    std::vector<std::string> differ;
    auto compare = [&](const char* path, const Json& zone_value) {
      if (const Field& f = a.fields[path]; !f.value.is_null() && f.value != zone_value) differ.push_back(path);
    };
    if (r.all_ok()) {
      compare("id_number", r.personal_number);
      if (r.birth) compare("date_of_birth", r.birth->iso());
      if (r.sex == 'M' || r.sex == 'F') compare("sex", r.sex == 'M' ? "Nam" : "Nữ");
    }
    if (!differ.empty() || (r.all_ok() && r.sex != 'M' && r.sex != 'F')) {
      differ.push_back("mrz");
      a.add_check("mrz.fields", false, "the MRZ verifies but differs from the card's other readings: one of them is misread", differ);
    }
    // values the zone alone gives are only as sure as the zone: when it goes to review, they do too
    std::vector<std::string> zone_only;
    if (m.review)
      for (const auto& [path, f] : a.fields)
        if (path != "mrz" && f.evidence == std::vector<std::string>{"mrz"}) zone_only.push_back(path);
    if (!zone_only.empty()) a.add_check("mrz.alone", false, "values only the MRZ gives, while the MRZ itself needs review", zone_only);
  } else {
    m.value = nullptr, m.review = true, m.confidence = 0;
    if (back) a.add_check("mrz.read", false, "no machine-readable zone could be read on the back", {"mrz"});
  }
  if (!front || !back) {
    a.add_check("card.sides", false, std::string("only the ") + (front ? "front" : "back") + " of this card is in the dossier");
    for (auto& [path, f] : a.fields)
      if (f.value.is_null() && !(path == "old_id_number" && !f.review)) f.review = true;
  }

  for (const auto& c : card_checks(a.fields, today_year, false)) a.add_check(c.rule, c.ok, c.message, c.paths);
  return a;
}

}  // namespace

void Assembled::add_check(const std::string& rule, bool ok, const std::string& message, const std::vector<std::string>& paths) {
  checks.push_back(check(rule, ok, message, paths));
  if (ok) return;
  for (const auto& p : paths)
    if (auto it = fields.find(p); it != fields.end()) {
      it->second.review = true;
      it->second.confidence = std::min(it->second.confidence, 0.5);
    }
}

Json Assembled::to_json() const {
  Json doc;
  doc["type"] = type;
  doc["form"] = form;
  doc["sources"] = Json::array();
  for (const auto* p : parts) doc["sources"].push_back({{"source", p->source}, {"page", p->page}, {"region", p->region}});
  doc["fields"] = nest(fields, order);
  doc["checks"] = checks;
  return doc;
}

Assembled missing_card(const std::string& form, const Json& id_number, const Json& name) {
  Assembled a;
  a.type = "id_card", a.form = form, a.order = card_order(form);
  for (const auto& path : a.order) a.fields[path] = decide({});
  // a 9-digit number on the certificate is the old CMND number, which the card's QR code carries
  const bool old = id_number.is_string() && id_number.get<std::string>().size() == 9;
  for (auto [path, value] : {std::pair<const char*, Json>{old ? "old_id_number" : "id_number", id_number},
                             {"full_name", name.is_string() ? Json(upper_vi(name.get<std::string>())) : name}}) {
    Field& f = a.fields[path];
    f.value = value;
    f.confidence = value.is_null() ? 0 : 0.3;
    if (!value.is_null()) f.evidence = {"cross"};
  }
  a.add_check("card.present", false, "this owner's ID card is not in the dossier: the number and name are the certificate's");
  return a;
}

std::vector<Assembled> assemble_cards(const std::vector<const DocumentReading*>& sides, int today_year) {
  std::vector<Assembled> cards;
  std::vector<bool> used(sides.size(), false);
  // pair by number
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (used[i] || !is_front(*sides[i])) continue;
    const std::string n = side_number(*sides[i]);
    for (std::size_t j = 0; j < sides.size() && !n.empty(); ++j) {
      if (used[j] || is_front(*sides[j]) || sides[j]->model->form != sides[i]->model->form || side_number(*sides[j]) != n) continue;
      cards.push_back(card_document(sides[i]->model->form, sides[i], sides[j], today_year));
      used[i] = used[j] = true;
      break;
    }
  }
  // then by person: a front whose number was not read, and the one back left whose QR or MRZ shows
  // the front's printed name and date of birth
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (used[i] || !is_front(*sides[i]) || !side_number(*sides[i]).empty()) continue;
    std::vector<std::size_t> same;
    for (std::size_t j = 0; j < sides.size(); ++j)
      if (!used[j] && !is_front(*sides[j]) && sides[j]->model->form == sides[i]->model->form && same_person(*sides[i], *sides[j]) == true)
        same.push_back(j);
    if (same.size() != 1) continue;
    cards.push_back(card_document(sides[i]->model->form, sides[i], sides[same[0]], today_year));
    used[i] = used[same[0]] = true;
  }
  // then by elimination: the one front and the one back of a form that are left, unless their
  // numbers say they are different cards
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (used[i] || !is_front(*sides[i])) continue;
    std::vector<std::size_t> backs;
    for (std::size_t j = 0; j < sides.size(); ++j)
      if (!used[j] && !is_front(*sides[j]) && sides[j]->model->form == sides[i]->model->form) backs.push_back(j);
    const std::string n = side_number(*sides[i]);
    if (backs.size() != 1 || (!n.empty() && !side_number(*sides[backs[0]]).empty())) continue;
    const auto same = same_person(*sides[i], *sides[backs[0]]);
    if (same == false) continue;
    cards.push_back(card_document(sides[i]->model->form, sides[i], sides[backs[0]], today_year));
    used[i] = used[backs[0]] = true;
    if (!same) {
      // nothing shows that the two sides are one card: every field waits for a person
      std::vector<std::string> all(cards.back().order);
      cards.back().add_check("card.pairing", false, "front and back were paired as the only two sides left; nothing on them confirms it", all);
    }
  }
  for (std::size_t i = 0; i < sides.size(); ++i)
    if (!used[i]) {
      const bool front = is_front(*sides[i]);
      cards.push_back(card_document(sides[i]->model->form, front ? sides[i] : nullptr, front ? nullptr : sides[i], today_year));
    }
  return cards;
}

}  // namespace sohoa::extract
