// Assembling a dossier from the readings of its documents: pages of one certificate merged, the
// two sides of each card paired, every field decided from its readings, validated and
// cross-checked against the other documents (docs/dossier-contract.md).
#pragma once
#include <string>
#include <vector>

#include "core/field.hpp"
#include "extract/decide.hpp"
#include "extract/read_document.hpp"

namespace sohoa::extract {

// One document of the record before it is written: its fields by flat path, in contract order.
struct Assembled {
  std::string type, form;
  std::vector<const DocumentReading*> parts;
  FieldMap fields;
  std::vector<std::string> order;  // flat paths in the contract's order
  Json checks = Json::array();
  std::vector<std::size_t> owners_without_card;  // certificates: owners no card of the dossier matched

  // Records a check; a failed one sends the fields involved to review.
  void add_check(const std::string& rule, bool ok, const std::string& message, const std::vector<std::string>& paths = {});
  Json to_json() const;
};

// The card documents of the readings (card sides paired by their number, or by elimination).
std::vector<Assembled> assemble_cards(const std::vector<const DocumentReading*>& sides, int today_year);
// A card the dossier should have but does not (an owner's): every field null and for review, the
// number and name as the certificate gives them.
Assembled missing_card(const std::string& form, const Json& id_number, const Json& name);
// The certificate of the readings (its pages merged), checked against the cards.
Assembled assemble_certificate(const std::string& form, const std::vector<const DocumentReading*>& pages,
                               const std::vector<Assembled>& cards, int today_year);

// The whole dossier.json: pages, documents and the dossier-level checks.
Json assemble_dossier(const std::string& dossier_id, const std::vector<DocumentReading>& readings, const Json& pages,
                      int today_year);

}  // namespace sohoa::extract
