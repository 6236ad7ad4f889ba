// Land certificates: pages merged, the 2024 QR code decoded, derived values filled in (land-use
// code from its name, a single purpose's area), validated, and owners checked against the cards.
#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "core/date.hpp"
#include "core/mrz.hpp"
#include "core/number_words.hpp"
#include "core/text.hpp"
#include "extract/assemble.hpp"
#include "extract/field_checks.hpp"
#include "extract/folded.hpp"
#include "extract/grammar.hpp"
#include "extract/qr_payload.hpp"
#include "extract/vocabulary.hpp"
#include "models/tables.hpp"

namespace sohoa::extract {
namespace {

using Candidates = std::map<std::string, std::vector<Candidate>>;

SourceRef ref(const DocumentReading& d, const cv::Rect& box) { return {d.source, d.page, {box.x, box.y, box.width, box.height}}; }

std::string at(const char* list, std::size_t i, const char* key) { return std::string(list) + "[" + std::to_string(i) + "]." + key; }

std::vector<std::string> certificate_order(const std::string& form, std::size_t owners, std::size_t purposes) {
  const bool f2014 = form == "2014";
  std::vector<std::string> o = {"serial"};
  if (f2014) o.push_back("registry_number");
  o.push_back("issue_date");
  for (std::size_t i = 0; i < owners; ++i) {
    for (const char* k : {"title", "name"}) o.push_back(at("owners", i, k));
    if (f2014) o.push_back(at("owners", i, "birth_year"));
    for (const char* k : {"id_type", "id_number"}) o.push_back(at("owners", i, k));
    if (f2014) o.push_back(at("owners", i, "address"));
  }
  for (const char* k : {"parcel.number", "parcel.map_sheet", "parcel.address", "parcel.area_m2", "parcel.use_form"}) o.push_back(k);
  for (std::size_t j = 0; j < purposes; ++j) {
    for (const char* k : {"name", "code", "area_m2"}) o.push_back(at("parcel.purposes", j, k));
    if (!f2014) o.push_back(at("parcel.purposes", j, "term"));
  }
  if (f2014) o.push_back("parcel.term"), o.push_back("parcel.origin");
  return o;
}

// A field whose value another, independent check confirmed (area digits against words, purpose
// areas against the total, code against name).
void confirm(Field& f) {
  if (f.value.is_null()) return;
  f.confidence = std::max(f.confidence, 0.995);
  f.review = false;
}

std::string area_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// The address's units without their type words, folded: "thon dong|tan hoi|dan phuong|ha noi".
std::string address_key(const std::string& address) {
  static const std::regex types(R"(^(thanh pho|thi tran|thi xa|phuong|huyen|quan|tinh|xa)\s+)", std::regex::icase);
  std::string key, part;
  const std::string f = fold(address) + ",";
  for (char c : f) {
    if (c != ',') {
      part += c;
      continue;
    }
    part = std::regex_replace(collapse_spaces(part), types, "");
    key += (key.empty() ? "" : "|") + upper_vi(part);
    part.clear();
  }
  return key;
}

const Assembled* card_of_owner(const Candidates& cand, std::size_t i, const std::vector<Assembled>& cards) {
  auto value = [](const Assembled& c, const char* p) -> std::string {
    const auto it = c.fields.find(p);
    return it != c.fields.end() && it->second.value.is_string() ? it->second.value.get<std::string>() : "";
  };
  if (auto it = cand.find(at("owners", i, "id_number")); it != cand.end())
    for (const auto& c : it->second) {
      if (!c.valid) continue;
      for (const auto& card : cards)
        if (value(card, "id_number") == c.value || value(card, "old_id_number") == c.value) return &card;
    }
  if (auto it = cand.find(at("owners", i, "name")); it != cand.end())
    for (const auto& c : it->second)
      for (const auto& card : cards)
        if (c.value.is_string() && edit_distance(upper_vi(c.value.get<std::string>()), value(card, "full_name")) <= 2) return &card;
  // a card whose front is missing still names its holder in the MRZ on its back
  if (auto it = cand.find(at("owners", i, "name")); it != cand.end())
    for (const auto& c : it->second)
      for (const auto& card : cards) {
        const std::string mrz = value(card, "mrz");
        if (!c.value.is_string() || !value(card, "full_name").empty() || mrz.size() < 62) continue;
        // the name, then fillers ('<', which OCR-B misreads as K, X or S): a longer name is another person
        const std::string name = mrz_name(c.value.get<std::string>()), printed = mrz.substr(62);
        const char after = printed.size() > name.size() ? printed[name.size()] : '<';
        if (std::string("<KXS").find(after) != std::string::npos && edit_distance(name, printed.substr(0, name.size())) <= 2) return &card;
      }
  return nullptr;
}

// What the owner's card says about the owner's entry on the certificate. Returns whether the
// owner's ID document was only inferred: the certificate's number was not read and the card
// carries (or may carry) an old 9-digit number too, so the certificate may show either (the
// card's own number is offered, for review).
bool cross_with_card(Candidates& cand, std::size_t i, const Assembled& card, const std::string& form) {
  auto field = [&](const char* p) -> const Field& { return card.fields.at(p); };
  auto add = [&](const char* key, Json value, const Field& from) {
    if (value.is_null() || from.review) return;
    cand[at("owners", i, key)].push_back({std::move(value), "cross", from.confidence, true, from.source});
  };
  const Field& name = field("full_name");
  if (name.value.is_string()) add("name", title_case_vi(name.value.get<std::string>()), name);
  // a 9-digit number on the certificate is the old CMND number the card's QR code carries
  bool old = false, read = false;
  if (auto it = cand.find(at("owners", i, "id_number")); it != cand.end())
    for (const auto& c : it->second) {
      read = read || c.valid;
      old = old || (c.valid && c.value.is_string() && c.value.get<std::string>().size() == 9);
    }
  const Field& former = field("old_id_number");
  // (a card whose QR code was not read may have an old number nobody saw)
  const bool inferred = !read && (former.value.is_string() || former.review);
  const Field& number = field(old ? "old_id_number" : "id_number");
  add("id_number", number.value, number);

  if (!number.review && number.value.is_string())
    add("id_type", old ? "CMND" : (form == "2024" && card.form == "cancuoc_2024" ? "CC" : "CCCD"), number);
  const Field& sex = field("sex");
  if (sex.value.is_string()) add("title", sex.value == "Nữ" ? "Bà" : "Ông", sex);
  const Field& dob = field("date_of_birth");
  if (form == "2014" && dob.value.is_string()) add("birth_year", std::stoi(dob.value.get<std::string>().substr(0, 4)), dob);
  // the address is printed in another style on each document: the same units confirm it
  const Field& home = field("place_of_residence");
  if (auto it = cand.find(at("owners", i, "address")); form == "2014" && it != cand.end() && home.value.is_string() && !home.review)
    for (const auto& c : it->second)
      if (c.valid && c.value.is_string() && address_key(c.value) == address_key(home.value)) {
        add("address", c.value, home);
        break;
      }
  // an address the certificate's reading lost: the card's home is the likeliest, shown as a guess
  // for review (a lone reading below kOcrAlone), since an owner may have moved since
  if (form != "2014" || !home.value.is_string()) return inferred;
  auto& address = cand[at("owners", i, "address")];
  if (std::none_of(address.begin(), address.end(), [](const Candidate& c) { return c.valid; }))
    if (const auto typed = with_unit_types(home.value.get<std::string>()))
      address.push_back({*typed, "ocr", std::min(home.confidence, 0.5), true, home.source});
  return inferred;
}

// Whether the digits read are those of `date` (ddmmyyyy) with one or two lost.
bool lost_digits_of(const std::string& read, const Date& date) {
  std::string digits;
  for (char c : repair_digits(read))
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  std::string full = date.dmy();
  full.erase(std::remove(full.begin(), full.end(), '/'), full.end());
  if (digits.size() < full.size() - 2 || digits.size() >= full.size()) return false;
  std::size_t matched = 0;
  for (char c : full)
    if (matched < digits.size() && digits[matched] == c) ++matched;
  return matched == digits.size();
}

// A term whose date lost a digit or two ("Đến ngày 09/0/2074"). Agricultural land of a household or
// person is given for 50 years (Land Law 2013 Art. 126, 2024 Art. 172), most often counted from the
// certificate's date of issue: when what was read fits that date, it is offered, for review.
void complete_terms(Assembled& a, const std::vector<const DocumentReading*>& pages) {
  const Field& issued = a.fields["issue_date"];
  const auto issue = issued.value.is_string() ? Date::parse_iso(issued.value.get<std::string>()) : std::nullopt;
  if (!issue) return;
  const Date end = issue->plus_years(50);
  for (const auto* p : pages)
    for (const auto& [path, r] : p->form.fields) {
      const bool term = path.size() > 5 && path.compare(path.size() - 5, 5, ".term") == 0;  // parcel's or a purpose's
      auto it = a.fields.find(path);
      if (!term || r.valid || it == a.fields.end() || !it->second.value.is_null()) continue;
      const std::string f = fold(r.raw);
      const auto day = f.find("ngay");
      if (day == std::string::npos || !lost_digits_of(f.substr(day), end)) continue;
      it->second = Field{"Đến ngày " + end.dmy(), 0.3, true, ref(*p, r.box), {"ocr"}};
      a.add_check("certificate.term_by_law", false,
                  "the term's date was read in part: the date 50 years after the date of issue (the term of agricultural land) fits it and is shown, a guess",
                  {path});
    }
}

}  // namespace

Assembled assemble_certificate(const std::string& form, const std::vector<const DocumentReading*>& pages,
                               const std::vector<Assembled>& cards, int today_year) {
  Assembled a;
  a.type = "land_certificate", a.form = form, a.parts = pages;
  Candidates cand;
  std::size_t owners = 0, purposes = 0;
  std::set<std::string> kinds;
  for (const auto* p : pages) {
    kinds.insert(p->kind);
    for (const auto& [path, r] : p->form.fields) cand[path].push_back({r.value, "ocr", r.confidence, r.valid, ref(*p, r.box)});
    if (auto it = p->form.entries.find("owners"); it != p->form.entries.end()) owners = std::max(owners, static_cast<std::size_t>(it->second));
    if (auto it = p->form.entries.find("parcel.purposes"); it != p->form.entries.end())
      purposes = std::max(purposes, static_cast<std::size_t>(it->second));
    // the 2024 QR code: GCN|serial|date|province|map sheet|parcel
    if (p->qr && p->model->qr)
      for (const auto& [path, v] : qr_fields(*p->qr, *p->model->qr))
        cand[path].push_back({v, "qr", 1, !v.is_null(), ref(*p, p->qr_box)});
  }
  if (purposes == 0 && cand.count("parcel.purposes[0].name")) purposes = 1;
  std::set<std::string> doubtful;
  for (const auto* p : pages) doubtful.insert(p->form.doubtful.begin(), p->form.doubtful.end());
  // a parcel has at least one purpose: none read is a gap for the clerk, not an empty list
  const bool purposes_read = purposes > 0;
  purposes = std::max<std::size_t>(purposes, 1);
  // derived values: the code of a purpose from its name; the only purpose's area is the parcel's
  for (std::size_t j = 0; j < purposes; ++j) {
    const auto names = cand[at("parcel.purposes", j, "name")];
    for (const auto& n : names) {
      if (!n.valid) continue;
      for (const auto& l : models::land_uses(form))
        if (l.name == n.value) cand[at("parcel.purposes", j, "code")].push_back({l.code, "ocr", n.confidence, true, n.source});
    }
  }
  if (purposes == 1)
    for (const auto& c : cand["parcel.area_m2"]) cand["parcel.purposes[0].area_m2"].push_back(c);
  // owners: from the certificate, confirmed by their cards; without the owners' page, the cards
  // give who they probably are, for a clerk to confirm
  const bool owners_page = owners > 0;
  if (!owners_page) owners = std::max<std::size_t>(cards.size(), 1);
  std::vector<const Assembled*> owner_cards(owners, nullptr);
  std::vector<std::size_t> inferred_numbers;
  for (std::size_t i = 0; i < owners; ++i) {
    owner_cards[i] = owners_page ? card_of_owner(cand, i, cards) : i < cards.size() ? &cards[i] : nullptr;
    if (owner_cards[i] && cross_with_card(cand, i, *owner_cards[i], form)) inferred_numbers.push_back(i);
  }
  // a card no owner matched may be an owner whose lines the OCR missed: offered as one more
  // owner, from the card, for a clerk to confirm or delete
  const std::size_t read_owners = owners;
  if (owners_page)
    for (const auto& card : cards)
      if (std::find(owner_cards.begin(), owner_cards.end(), &card) == owner_cards.end()) {
        owner_cards.push_back(&card);
        cross_with_card(cand, owners++, card, form);  // (all of such an owner goes to review anyway)
      }
  a.order = certificate_order(form, owners, purposes);
  for (const auto& path : a.order) a.fields[path] = decide(cand[path]);
  for (std::size_t i : inferred_numbers)
    a.add_check("cross.owner_document", false,
                "owner " + std::to_string(i + 1) +
                    "'s ID number was not read on the certificate and their card has (or may have) an old number too: which one the certificate shows is a guess",
                {at("owners", i, "id_type"), at("owners", i, "id_number")});
  for (std::size_t i = read_owners; i < owners; ++i) {
    std::vector<std::string> involved;
    for (const auto& path : a.order)
      if (path.rfind("owners[" + std::to_string(i) + "]", 0) == 0) involved.push_back(path);
    a.add_check("certificate.owner_from_card", false,
                "owner " + std::to_string(i + 1) + " was not read on the certificate; it is taken from an ID card of the dossier",
                involved);
  }

  // checks
  for (const char* group : {"owners", "parcel.purposes"}) {
    const bool gap = std::string(group) == "owners" ? !owners_page : !purposes_read;
    if (!doubtful.count(group) && !gap) continue;
    const std::string prefix = std::string(group) + "[";
    std::vector<std::string> involved;
    for (const auto& path : a.order)
      if (path.rfind(prefix, 0) == 0) involved.push_back(path);
    a.add_check(std::string("certificate.") + (group[0] == 'o' ? "owners" : "purposes"), false,
                gap ? std::string("no ") + (group[0] == 'o' ? "owner" : "land-use purpose") + " could be read"
                    : std::string("the ") + (group[0] == 'o' ? "owners" : "land-use purposes") +
                          " did not read cleanly: one may be missed or two run together",
                involved);
  }
  if (form == "2014") {
    for (const char* k : {"gcn_2014_page1", "gcn_2014_page2"})
      if (!kinds.count(k)) {
        a.checks.push_back(check("certificate.pages", false, std::string("page ") + k[13] + " of the certificate is not in the dossier"));
        for (auto& [path, f] : a.fields)
          if (f.value.is_null() || !owners_page) f.review = true;
      }
  }
  if (!owners_page)
    for (auto& [path, f] : a.fields)
      if (path.rfind("owners[", 0) == 0) f.review = true;
  complete_terms(a, pages);
  // area in digits against area in words
  Field& area = a.fields["parcel.area_m2"];
  if (area.value.is_number()) {
    bool words_ok = false;
    const std::string digits = area_text(area.value.get<double>());
    const auto point = digits.find('.');
    const ViDecimal d{std::stoull(digits.substr(0, point)), point == std::string::npos ? "" : digits.substr(point + 1)};
    for (const auto& w : cand["parcel.area_words"])
      if (w.value.is_string() && edit_distance(vi_area_words(d), w.value.get<std::string>()) <= 3) words_ok = true;
    if (words_ok) confirm(area);
    a.add_check("certificate.area_words", words_ok,
                words_ok ? "the area in digits matches the area in words" : "the area in digits does not match the area in words",
                {"parcel.area_m2"});
  }
  for (const auto& c : certificate_checks(form, a.fields, today_year)) {
    // areas that add up, and (2024) a printed code and printed name that agree, confirm each other
    if (c.ok && (c.rule == "certificate.purpose_areas" || (c.rule == "certificate.land_use" && form == "2024")))
      for (const auto& p : c.paths) confirm(a.fields[p]);
    a.add_check(c.rule, c.ok, c.message, c.paths);
  }
  for (std::size_t i = 0; i < read_owners && owners_page; ++i) {
    std::vector<std::string> involved;
    for (const char* k : {"title", "name", "birth_year", "id_type", "id_number", "address"}) involved.push_back(at("owners", i, k));
    if (!owner_cards[i]) {
      a.owners_without_card.push_back(i);
      a.add_check("cross.owner_card", false, "owner " + std::to_string(i + 1) + " has no ID card in the dossier");
      continue;
    }
    bool agree = true;
    for (const auto& p : involved)
      if (auto it = a.fields.find(p); it != a.fields.end()) agree = agree && !it->second.review;
    // the owner's number against the card's, even a card number its own readings leave under
    // review: two documents that differ tell that one of them is misread
    const Json& number = a.fields[at("owners", i, "id_number")].value;
    const Json &card_number = owner_cards[i]->fields.at("id_number").value, &old_number = owner_cards[i]->fields.at("old_id_number").value;
    const bool differs = number.is_string() && card_number.is_string() && number != card_number && number != old_number;
    a.add_check("cross.owner_card", agree && !differs,
                "owner " + std::to_string(i + 1) + (agree && !differs ? " matches an ID card of the dossier"
                                                                      : " differs from their ID card, or is not fully confirmed by it"),
                differs ? std::vector<std::string>{at("owners", i, "id_number")} : std::vector<std::string>{});
  }
  return a;
}

}  // namespace sohoa::extract
