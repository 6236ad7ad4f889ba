#include "extract/assemble.hpp"

#include <algorithm>

namespace sohoa::extract {

Json assemble_dossier(const std::string& dossier_id, const std::vector<DocumentReading>& readings, const Json& pages,
                      int today_year) {
  std::vector<const DocumentReading*> sides;
  std::map<std::string, std::vector<const DocumentReading*>> certificate_pages;  // by form
  std::vector<const DocumentReading*> unknown;
  for (const auto& r : readings) {
    if (!r.model) unknown.push_back(&r);
    else if (r.model->type == "id_card") sides.push_back(&r);
    else certificate_pages[r.model->form].push_back(&r);
  }
  std::vector<Assembled> cards = assemble_cards(sides, today_year);
  std::vector<Assembled> certificates;
  for (const auto& [form, parts] : certificate_pages) certificates.push_back(assemble_certificate(form, parts, cards, today_year));
  // a dossier is a certificate and its owners' cards: none recognised is a gap to fill in, with
  // the owners the cards suggest
  if (certificates.empty()) certificates.push_back(assemble_certificate("2014", {}, cards, today_year));

  // owners whose card is missing: a card record with the gaps flagged, for the clerk to complete
  for (const auto& c : certificates)
    for (std::size_t i : c.owners_without_card) {
      auto value = [&](const char* key) {
        const auto it = c.fields.find("owners[" + std::to_string(i) + "]." + key);
        return it == c.fields.end() ? Json() : it->second.value;
      };
      cards.push_back(missing_card(value("id_type") == "CC" ? "cancuoc_2024" : "cccd_2021", value("id_number"), value("name")));
    }
  // cards of people the certificate does not name
  for (auto& card : cards) {
    const auto id = card.fields["id_number"].value;
    const auto old = card.fields["old_id_number"].value;
    bool named = certificates.empty();
    for (const auto& c : certificates)
      for (const auto& [path, f] : c.fields)
        if (path.size() > 10 && path.compare(path.size() - 10, 10, ".id_number") == 0 && !f.value.is_null() &&
            (f.value == id || f.value == old))
          named = true;
    card.add_check("cross.card_owner", named,
                   named ? "the card's holder is an owner on the certificate" : "the card's holder is not an owner on the certificate",
                   {"id_number", "full_name"});
  }
  Json out;
  out["schema"] = kDossierSchema;
  out["dossier_id"] = dossier_id;
  out["pages"] = Json::array();
  for (const auto& p : pages) {
    Json page = p;
    page["kind"] = "unknown";
    for (const auto& r : readings)
      if (r.source == p.value("source", "") && r.page == p.value("page", 0) && r.index == p.value("document", 0))
        page["kind"] = r.kind.empty() ? "unknown" : r.kind;
    out["pages"].push_back(page);
  }
  out["documents"] = Json::array();
  for (const auto& c : certificates) out["documents"].push_back(c.to_json());
  for (const auto& c : cards) out["documents"].push_back(c.to_json());
  if (certificate_pages.empty() || !unknown.empty()) {
    // what the station could not place is said on every document, so it reaches the clerk
    std::string message = certificate_pages.empty() ? "no land certificate was recognised in the dossier" : "";
    if (!unknown.empty())
      message += std::string(message.empty() ? "" : "; ") + std::to_string(unknown.size()) + " document(s) matched no known form";
    for (auto& d : out["documents"]) d["checks"].push_back(check("dossier.complete", false, message));
  }
  return out;
}

}  // namespace sohoa::extract
