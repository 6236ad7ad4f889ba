#include "export/exchange_xml.hpp"

#include <optional>
#include <sstream>

#include <Poco/UUID.h>
#include <Poco/UUIDGenerator.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "models/tables.hpp"
#include "export/pdf.hpp"

namespace sohoa::exporter {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A field's value, or nullopt when absent or null.
std::optional<Json> value(const Json& fields, const std::string& key) {
  if (!fields.is_object() || !fields.contains(key) || !fields[key].is_object()) return std::nullopt;
  const Json& v = fields[key].value("value", Json());
  if (v.is_null()) return std::nullopt;
  return v;
}
std::optional<std::string> text(const Json& fields, const std::string& key) {
  const auto v = value(fields, key);
  if (!v) return std::nullopt;
  return v->is_string() ? v->get<std::string>() : v->dump();
}

class Writer {
 public:
  void open(const std::string& name, const std::string& guid = "") {
    indent();
    out_ << "<" << name;
    if (!guid.empty()) out_ << " guid=\"" << guid << "\"";
    out_ << ">\n";
    ++depth_;
  }
  void close(const std::string& name) {
    --depth_;
    indent();
    out_ << "</" << name << ">\n";
  }
  void leaf(const std::string& name, const std::optional<std::string>& v) {
    if (!v) return;  // an unknown value is left out (every leaf is optional in the XSD)
    indent();
    out_ << "<" << name << ">" << escape(*v) << "</" << name << ">\n";
  }
  std::string str() const { return out_.str(); }
  std::ostringstream& raw() { return out_; }

 private:
  void indent() { out_ << std::string(static_cast<std::size_t>(depth_) * 2, ' '); }
  std::ostringstream out_;
  int depth_ = 0;
};

std::optional<std::string> as_dmy(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  return dmy(*iso);
}

std::string number_text(const Json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  std::string s = v.dump();
  return s;
}

// Who issues each card form (printed on the card's back).
std::optional<std::string> card_issuer(const std::string& form) {
  if (form == "cccd_2021") return "Cục Cảnh sát quản lý hành chính về trật tự xã hội";
  if (form == "cancuoc_2024") return "Bộ Công an";
  return std::nullopt;
}

std::string card_type(const std::string& form) { return form == "cancuoc_2024" ? "CC" : "CCCD"; }

struct Person {
  std::string key;             // entity path component
  const Json* owner = nullptr;  // certificate's owner fields
  const Json* card = nullptr;   // id_card document
};

}  // namespace

std::string dmy(const std::string& iso) {
  if (const auto d = Date::parse_iso(iso)) return d->dmy();
  return iso;
}

std::string entity_guid(const std::string& dossier_id, const std::string& path) {
  static const Poco::UUID ns("6f0d8c1e-3b5a-4c8e-9a51-0f2b7d4e9c21");  // sohoa's namespace for exchange GUIDs
  return Poco::UUIDGenerator::defaultGenerator().createFromName(ns, dossier_id + "/" + path).toString();
}

std::string province_code_of(const std::string& address) {
  // the last comma-separated part names the province: "tỉnh Thanh Hóa", "Thành phố Hà Nội"
  const auto comma = address.rfind(',');
  std::string last = sohoa::upper_vi(address.substr(comma == std::string::npos ? 0 : comma + 1));
  std::string code;
  std::size_t best = 0;
  for (const auto& p : models::provinces()) {
    const std::string name = sohoa::upper_vi(p.name);
    if (last.size() < name.size() || last.compare(last.size() - name.size(), name.size(), name) != 0) continue;
    const std::size_t at = last.size() - name.size();
    if (at > 0 && last[at - 1] != ' ') continue;  // whole words: "Hà Nam" is not "Nam"
    if (name.size() > best) best = name.size(), code = p.code;
  }
  return code;
}

std::string render_exchange_xml(const DossierExport& d, const std::string& pdf_path) {
  const std::string id = d.id();
  const Json& docs = d.record.value("documents", Json::array());
  const Json* cert = nullptr;
  std::vector<const Json*> cards;
  for (const auto& doc : docs) {
    if (doc.value("type", "") == "land_certificate" && !cert) cert = &doc;
    if (doc.value("type", "") == "id_card") cards.push_back(&doc);
  }
  const Json no_fields = Json::object();
  const Json& cf = cert ? cert->value("fields", no_fields) : no_fields;

  // persons: the certificate's owners, each joined with the card whose number (or old number) it names
  std::vector<Person> persons;
  std::vector<bool> card_used(cards.size(), false);
  const Json& owners = cf.value("owners", Json::array());
  for (std::size_t i = 0; i < owners.size(); ++i) {
    Person p;
    p.owner = &owners[i];
    const auto number = text(owners[i], "id_number");
    for (std::size_t c = 0; c < cards.size() && number; ++c) {
      const Json& f = cards[c]->value("fields", no_fields);
      if (card_used[c] || (text(f, "id_number") != number && text(f, "old_id_number") != number)) continue;
      p.card = cards[c], card_used[c] = true;
      break;
    }
    const auto card_number = p.card ? text(p.card->value("fields", no_fields), "id_number") : std::nullopt;
    p.key = card_number ? *card_number : number ? *number : "owner" + std::to_string(i);
    persons.push_back(p);
  }
  for (std::size_t c = 0; c < cards.size(); ++c) {
    if (card_used[c]) continue;
    Person p;
    p.card = cards[c];
    p.key = text(cards[c]->value("fields", no_fields), "id_number").value_or("card" + std::to_string(c));
    persons.push_back(p);
  }

  Writer w;
  w.raw() << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  w.raw() << "<HoSoXml xmlns=\"urn:sohoa:hoso:1\" phienBan=\"1\" maHoSo=\"" << escape(id) << "\">\n";
  w.raw() << "  <!-- sohoa exchange XML: docs/exchange-xml.md -->\n";
  // (the Writer indents from depth 1 below the root)
  Writer body;
  body.open("_");  // depth placeholder so children indent under the root; stripped below
  const Json& parcel = cf.value("parcel", no_fields);
  const std::string parcel_guid = entity_guid(id, "DC_ThuaDat");
  if (cert) {
    body.open("DC_ThuaDat", parcel_guid);
    const auto address = text(parcel, "address");
    const std::string commune = address ? models::commune_code_of(*address) : "";
    body.leaf("maXa", commune.empty() ? std::nullopt : std::optional<std::string>(commune));
    const std::string province = address ? province_code_of(*address) : "";
    body.leaf("maTinh", province.empty() ? std::nullopt : std::optional<std::string>(province));
    body.leaf("soHieuToBanDo", text(parcel, "map_sheet"));
    body.leaf("soThuTuThua", text(parcel, "number"));
    const auto area = value(parcel, "area_m2");
    body.leaf("dienTich", area ? std::optional<std::string>(number_text(*area)) : std::nullopt);
    body.leaf("dienTichPhapLy", area ? std::optional<std::string>(number_text(*area)) : std::nullopt);
    body.leaf("diaChi", address);
    body.leaf("hinhThucSuDung", text(parcel, "use_form"));
    body.leaf("nguonGocSuDung", text(parcel, "origin"));
    const Json& purposes = parcel.value("purposes", Json::array());
    for (std::size_t i = 0; i < purposes.size(); ++i) {
      body.open("DC_MucDichSuDung", entity_guid(id, "DC_ThuaDat/DC_MucDichSuDung/" + std::to_string(i)));
      body.leaf("maMucDichSuDung", text(purposes[i], "code"));
      body.leaf("tenMucDichSuDung", text(purposes[i], "name"));
      const auto parea = value(purposes[i], "area_m2");
      body.leaf("dienTich", parea ? std::optional<std::string>(number_text(*parea)) : std::nullopt);
      // a purpose's own term (2024 form), else the parcel's (2014 form)
      auto term = text(purposes[i], "term");
      if (!term) term = text(parcel, "term");
      body.leaf("thoiHanSuDung", term);
      body.close("DC_MucDichSuDung");
    }
    body.close("DC_ThuaDat");
  }
  std::vector<std::string> person_guids;
  for (const auto& p : persons) {
    const std::string guid = entity_guid(id, "DC_CaNhan/" + p.key);
    person_guids.push_back(guid);
    const Json& of = p.owner ? *p.owner : no_fields;
    const Json& kf = p.card ? p.card->value("fields", no_fields) : no_fields;
    body.open("DC_CaNhan", guid);
    body.leaf("hoTen", p.owner ? text(of, "name") : text(kf, "full_name"));
    auto year = text(of, "birth_year");
    const auto born = text(kf, "date_of_birth");
    if (!year && born && born->size() >= 4) year = born->substr(0, 4);
    body.leaf("namSinh", year);
    body.leaf("ngaySinh", as_dmy(born));
    auto sex = text(kf, "sex");
    if (!sex) {
      const auto title = text(of, "title");
      if (title == "Ông") sex = "Nam";
      if (title == "Bà") sex = "Nữ";
    }
    body.leaf("gioiTinh", sex);
    auto personal = text(kf, "id_number");
    if (!personal) {
      const auto n = text(of, "id_number");
      if (n && n->size() == 12) personal = n;
    }
    body.leaf("maSoDinhDanh", personal);
    auto address = text(of, "address");
    if (!address) address = text(kf, "place_of_residence");
    body.leaf("diaChi", address);
    // identity papers: the card scanned, and the paper the certificate names when it is another one
    if (p.card) {
      const std::string form = p.card->value("form", "");
      body.open("DC_GiayToTuyThan", entity_guid(id, "DC_CaNhan/" + p.key + "/DC_GiayToTuyThan/card"));
      body.leaf("loaiGiayToTuyThan", card_type(form));
      body.leaf("soGiayTo", text(kf, "id_number"));
      body.leaf("ngayCap", as_dmy(text(kf, "date_of_issue")));
      body.leaf("noiCap", card_issuer(form));
      body.close("DC_GiayToTuyThan");
    }
    const auto named = text(of, "id_number");
    if (named && named != text(kf, "id_number")) {
      body.open("DC_GiayToTuyThan", entity_guid(id, "DC_CaNhan/" + p.key + "/DC_GiayToTuyThan/certificate"));
      body.leaf("loaiGiayToTuyThan", text(of, "id_type"));
      body.leaf("soGiayTo", named);
      body.close("DC_GiayToTuyThan");
    }
    body.close("DC_CaNhan");
  }
  if (cert) {
    body.open("DC_GiayChungNhan", entity_guid(id, "DC_GiayChungNhan"));
    body.leaf("soVaoSo", text(cf, "registry_number"));
    body.leaf("soPhatHanh", text(cf, "serial"));
    body.leaf("ngayCap", as_dmy(text(cf, "issue_date")));
    body.leaf("mauGiayChungNhan", cert->value("form", ""));
    body.leaf("banQuet", pdf_path);
    body.leaf("guidThuaDat", parcel_guid);
    for (std::size_t i = 0; i < persons.size(); ++i)
      if (persons[i].owner) body.leaf("guidChuSuDung", person_guids[i]);
    body.close("DC_GiayChungNhan");
  }
  body.open("DC_HoSoQuet", entity_guid(id, "DC_HoSoQuet"));
  body.leaf("maHoSo", id);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    body.open("DC_ChiTietHoSoQuet", entity_guid(id, "DC_HoSoQuet/DC_ChiTietHoSoQuet/" + std::to_string(i)));
    body.leaf("tenFile", pdf_path);
    std::string description;
    for (const auto& l : summary_lines(d.record))
      if (l.heading && l.label.rfind("documents[" + std::to_string(i) + "]: ", 0) == 0)
        description = l.label.substr(l.label.find(": ") + 2);
    body.leaf("moTa", description);
    body.leaf("laGiayChungNhan", std::string(docs[i].value("type", "") == "land_certificate" ? "true" : "false"));
    body.close("DC_ChiTietHoSoQuet");
  }
  body.close("DC_HoSoQuet");
  body.close("_");
  std::string inner = body.str();
  inner = inner.substr(inner.find('\n') + 1);     // drop the placeholder's opening
  inner = inner.substr(0, inner.rfind("</_>"));  // and its closing
  w.raw() << inner << "</HoSoXml>\n";
  return w.str();
}

}  // namespace sohoa::exporter
