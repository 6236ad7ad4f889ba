// What one generated dossier says: its people, their ID cards and the land certificate, drawn at
// random from the code tables. Rendering and the truth file both read from this one description.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/field.hpp"
#include "core/number_words.hpp"
#include "tools/synth/random.hpp"

namespace sohoa::synth {

struct Place {
  std::string province_code, province, province_type;
  std::string district, district_type, commune, commune_type;
  std::string locality;  // village or street address; may be empty
  bool urban() const { return commune_type != "xã"; }
  std::string formal() const;       // "Thôn Đông, xã Tân Hội, huyện Đan Phượng, thành phố Hà Nội"
  std::string formal_caps() const;  // the same with capitalised unit names, as on 2024 cards
  std::string brief() const;        // "Thôn Đông, Tân Hội, Đan Phượng, Hà Nội", as on 2021 cards
};

struct Person {
  std::string name;  // as in the civil registry: "Nguyễn Văn An"
  bool female = false;
  Date birth;
  std::string id12;   // personal number
  std::string cmnd9;  // old ID card number, empty if none
  Place origin;       // quê quán / nơi đăng ký khai sinh: the province of the personal number
  Place residence;
  std::string card_form;  // "cccd_2021" or "cancuoc_2024"
  Date card_issue;
  std::optional<Date> card_expiry;  // none: "Không thời hạn"
  std::string feature;              // đặc điểm nhân dạng (2021 cards)

  std::string sex() const { return female ? "Nữ" : "Nam"; }
  std::string card_name() const;  // upper case, as printed on the card
  std::string qr_payload() const;
  std::array<std::string, 3> mrz() const;
};

struct Purpose {
  std::string code, name;
  ViDecimal area;
  std::string term;  // "Lâu dài" or "Đến ngày 17/12/2065"
};

struct Owner {
  std::string title;  // Ông / Bà
  int person = 0;
  std::string id_type, id_number;  // CCCD / CMND / CC
};

struct Certificate {
  std::string form;  // "2014" or "2024"
  std::string serial, registry_number;
  Date issue_date;
  bool zero_padded_day = false;  // "ngày 05 tháng 10" or "ngày 5 tháng 10"
  std::vector<std::string> issuer;  // lines above the signature
  std::string signer;
  std::vector<Owner> owners;
  std::string parcel_number, map_sheet;
  Place parcel_place;
  ViDecimal area;
  std::string use_form;
  std::vector<Purpose> purposes;
  std::string term, origin;  // 2014 only
  std::string qr_payload;    // 2024 only

  std::string date_phrase() const;  // "ngày 5 tháng 10 năm 2016"
};

struct DossierSpec {
  std::string id;
  bool hard = false;
  Certificate certificate;
  std::vector<Person> people;  // owners, in the certificate's order
};

DossierSpec make_dossier(Rng& rng, const std::string& id, bool hard);

// Truth documents (fields with plain leaves), without "sources" (added by the scanner).
Json certificate_truth(const Certificate& c, const std::vector<Person>& people);
Json card_truth(const Person& p);

}  // namespace sohoa::synth
