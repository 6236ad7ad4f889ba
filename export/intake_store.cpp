#include "export/intake_store.hpp"

#include <stdexcept>

#include <libpq-fe.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/AutoPtr.h>
#include <Poco/SAX/InputSource.h>

namespace sohoa::exporter {
namespace {

PGconn* pg(void* c) { return static_cast<PGconn*>(c); }

const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS batches (
  batch_id text PRIMARY KEY, package_sha256 text NOT NULL, station_id text, key_id text,
  created_at text, received_at timestamptz NOT NULL DEFAULT now(), dossiers int, files int, receipt jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS parcels (
  guid uuid PRIMARY KEY, batch_id text NOT NULL, dossier_id text NOT NULL, province_code text, commune_code text,
  map_sheet text, parcel_number text, area_m2 numeric, legal_area_m2 numeric, address text, use_form text, origin text);
CREATE TABLE IF NOT EXISTS purposes (
  guid uuid PRIMARY KEY, parcel_guid uuid NOT NULL REFERENCES parcels ON DELETE CASCADE, code text, name text, area_m2 numeric, term text);
CREATE TABLE IF NOT EXISTS owners (
  guid uuid PRIMARY KEY, batch_id text NOT NULL, dossier_id text NOT NULL, full_name text, birth_year int,
  date_of_birth date, sex text, personal_number text, address text);
CREATE TABLE IF NOT EXISTS id_documents (
  guid uuid PRIMARY KEY, owner_guid uuid NOT NULL REFERENCES owners ON DELETE CASCADE, type text, number text,
  issue_date date, issued_by text);
CREATE TABLE IF NOT EXISTS certificates (
  guid uuid PRIMARY KEY, batch_id text NOT NULL, dossier_id text NOT NULL, registry_number text, serial text,
  issue_date date, form text, scan_path text, parcel_guid uuid);
CREATE TABLE IF NOT EXISTS certificate_owners (
  certificate_guid uuid NOT NULL, owner_guid uuid NOT NULL, PRIMARY KEY (certificate_guid, owner_guid));
CREATE TABLE IF NOT EXISTS scan_files (
  dossier_id text NOT NULL, path text NOT NULL, batch_id text NOT NULL, role text, size bigint NOT NULL,
  sha256 text NOT NULL, content bytea NOT NULL, PRIMARY KEY (dossier_id, path));
)SQL";

struct Result {
  PGresult* r;
  ~Result() { PQclear(r); }
};

class Tx {
 public:
  explicit Tx(PGconn* c) : c_(c) { exec("BEGIN", {}); }
  ~Tx() {
    if (!done_) PQclear(PQexec(c_, "ROLLBACK"));
  }
  void commit() {
    exec("COMMIT", {});
    done_ = true;
  }
  // Runs a statement with text parameters ($1, $2…); a nullopt parameter is SQL NULL.
  Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    Result r{PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0)};
    const auto status = PQresultStatus(r.r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(std::string("database: ") + PQerrorMessage(c_));
    return r;
  }
  // One binary parameter (bytea) last.
  void exec_with_bytes(const std::string& sql, const std::vector<std::optional<std::string>>& params, const std::string& bytes) {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr), lengths.push_back(0), formats.push_back(0);
    values.push_back(bytes.data()), lengths.push_back(static_cast<int>(bytes.size())), formats.push_back(1);
    Result r{PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), lengths.data(), formats.data(), 0)};
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK) throw std::runtime_error(std::string("database: ") + PQerrorMessage(c_));
  }

 private:
  PGconn* c_;
  bool done_ = false;
};

using Opt = std::optional<std::string>;

// The text of a direct child element, nullopt when absent.
Opt child(Poco::XML::Element* e, const std::string& name) {
  for (auto* n = e->firstChild(); n; n = n->nextSibling())
    if (n->nodeType() == Poco::XML::Node::ELEMENT_NODE && n->localName() == name) return n->innerText();
  return std::nullopt;
}
std::vector<Poco::XML::Element*> children(Poco::XML::Element* e, const std::string& name) {
  std::vector<Poco::XML::Element*> out;
  for (auto* n = e->firstChild(); n; n = n->nextSibling())
    if (n->nodeType() == Poco::XML::Node::ELEMENT_NODE && n->localName() == name) out.push_back(static_cast<Poco::XML::Element*>(n));
  return out;
}
Opt date_param(const Opt& dmy) { return dmy; }  // converted by to_date() in SQL

}  // namespace

IntakeStore::IntakeStore(const std::string& conninfo, Tables tables) : conn_(PQconnectdb(conninfo.c_str())), conninfo_(conninfo) {
  if (PQstatus(pg(conn_)) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(pg(conn_));
    PQfinish(pg(conn_));
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to PostgreSQL: " + why);
  }
  PQclear(PQexec(pg(conn_), "SET client_min_messages = warning"));
  if (tables == Tables::Present) return;
  Result r{PQexec(pg(conn_), kSchema)};
  if (PQresultStatus(r.r) != PGRES_COMMAND_OK) throw std::runtime_error(std::string("cannot create the intake tables: ") + PQerrorMessage(pg(conn_)));
}

IntakeStore::~IntakeStore() {
  if (conn_) PQfinish(pg(conn_));
}

std::optional<ReceivedBatch> IntakeStore::batch(const std::string& batch_id) {
  const char* v[] = {batch_id.c_str()};
  Result r{PQexecParams(pg(conn_), "SELECT package_sha256, receipt::text FROM batches WHERE batch_id = $1", 1, nullptr, v, nullptr, nullptr, 0)};
  if (PQresultStatus(r.r) != PGRES_TUPLES_OK) throw std::runtime_error(std::string("database: ") + PQerrorMessage(pg(conn_)));
  if (PQntuples(r.r) == 0) return std::nullopt;
  return ReceivedBatch{PQgetvalue(r.r, 0, 0), Json::parse(PQgetvalue(r.r, 0, 1))};
}

Json IntakeStore::load(const Json& manifest, const std::map<std::string, std::string>& files, const std::string& package_sha256) {
  const std::string batch_id = manifest.at("batch_id").get<std::string>();
  Tx tx(pg(conn_));
  // one intake at a time per batch: the row lock makes a concurrent replay wait, then see it
  tx.exec("SELECT pg_advisory_xact_lock(hashtext($1))", {batch_id});
  if (auto r = tx.exec("SELECT receipt::text FROM batches WHERE batch_id = $1", {batch_id}); PQntuples(r.r) > 0)
    return Json::parse(PQgetvalue(r.r, 0, 0));
  int parcels = 0, owners = 0, certificates = 0, scans = 0;
  for (const auto& d : manifest.at("dossiers")) {
    const std::string dossier = d.at("id").get<std::string>();
    // a newer package of a dossier replaces its scans as a whole
    tx.exec("DELETE FROM scan_files WHERE dossier_id = $1", {dossier});
    for (const auto& f : d.at("files")) {
      const std::string path = f.at("path").get<std::string>();
      const std::string& bytes = files.at(path);
      tx.exec_with_bytes("INSERT INTO scan_files (dossier_id, path, batch_id, role, size, sha256, content) VALUES ($1,$2,$3,$4,$5,$6,$7)",
                         {dossier, path, batch_id, f.value("role", ""), std::to_string(bytes.size()), f.at("sha256").get<std::string>()}, bytes);
      ++scans;
      if (f.value("role", "") != "xml") continue;
      Poco::XML::DOMParser parser;
      parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
      Poco::AutoPtr<Poco::XML::Document> doc = parser.parseString(bytes);
      auto* root = doc->documentElement();
      for (auto* p : children(root, "DC_ThuaDat")) {
        const std::string guid = p->getAttribute("guid");
        tx.exec("INSERT INTO parcels (guid, batch_id, dossier_id, province_code, commune_code, map_sheet, parcel_number, area_m2, legal_area_m2, address, use_form, origin) "
                "VALUES ($1,$2,$3,$4,$5,$6,$7,$8::numeric,$9::numeric,$10,$11,$12) ON CONFLICT (guid) DO UPDATE SET batch_id = EXCLUDED.batch_id, "
                "province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code, map_sheet = EXCLUDED.map_sheet, "
                "parcel_number = EXCLUDED.parcel_number, area_m2 = EXCLUDED.area_m2, legal_area_m2 = EXCLUDED.legal_area_m2, "
                "address = EXCLUDED.address, use_form = EXCLUDED.use_form, origin = EXCLUDED.origin",
                {guid, batch_id, dossier, child(p, "maTinh"), child(p, "maXa"), child(p, "soHieuToBanDo"), child(p, "soThuTuThua"),
                 child(p, "dienTich"), child(p, "dienTichPhapLy"), child(p, "diaChi"), child(p, "hinhThucSuDung"), child(p, "nguonGocSuDung")});
        tx.exec("DELETE FROM purposes WHERE parcel_guid = $1", {guid});
        for (auto* m : children(p, "DC_MucDichSuDung"))
          tx.exec("INSERT INTO purposes (guid, parcel_guid, code, name, area_m2, term) VALUES ($1,$2,$3,$4,$5::numeric,$6)",
                  {m->getAttribute("guid"), guid, child(m, "maMucDichSuDung"), child(m, "tenMucDichSuDung"), child(m, "dienTich"), child(m, "thoiHanSuDung")});
        ++parcels;
      }
      for (auto* o : children(root, "DC_CaNhan")) {
        const std::string guid = o->getAttribute("guid");
        tx.exec("INSERT INTO owners (guid, batch_id, dossier_id, full_name, birth_year, date_of_birth, sex, personal_number, address) "
                "VALUES ($1,$2,$3,$4,$5::int,to_date($6,'DD/MM/YYYY'),$7,$8,$9) ON CONFLICT (guid) DO UPDATE SET batch_id = EXCLUDED.batch_id, "
                "full_name = EXCLUDED.full_name, birth_year = EXCLUDED.birth_year, date_of_birth = EXCLUDED.date_of_birth, sex = EXCLUDED.sex, "
                "personal_number = EXCLUDED.personal_number, address = EXCLUDED.address",
                {guid, batch_id, dossier, child(o, "hoTen"), child(o, "namSinh"), date_param(child(o, "ngaySinh")), child(o, "gioiTinh"),
                 child(o, "maSoDinhDanh"), child(o, "diaChi")});
        tx.exec("DELETE FROM id_documents WHERE owner_guid = $1", {guid});
        for (auto* g : children(o, "DC_GiayToTuyThan"))
          tx.exec("INSERT INTO id_documents (guid, owner_guid, type, number, issue_date, issued_by) VALUES ($1,$2,$3,$4,to_date($5,'DD/MM/YYYY'),$6)",
                  {g->getAttribute("guid"), guid, child(g, "loaiGiayToTuyThan"), child(g, "soGiayTo"), date_param(child(g, "ngayCap")), child(g, "noiCap")});
        ++owners;
      }
      for (auto* c : children(root, "DC_GiayChungNhan")) {
        const std::string guid = c->getAttribute("guid");
        tx.exec("INSERT INTO certificates (guid, batch_id, dossier_id, registry_number, serial, issue_date, form, scan_path, parcel_guid) "
                "VALUES ($1,$2,$3,$4,$5,to_date($6,'DD/MM/YYYY'),$7,$8,$9::uuid) ON CONFLICT (guid) DO UPDATE SET batch_id = EXCLUDED.batch_id, "
                "registry_number = EXCLUDED.registry_number, serial = EXCLUDED.serial, issue_date = EXCLUDED.issue_date, form = EXCLUDED.form, "
                "scan_path = EXCLUDED.scan_path, parcel_guid = EXCLUDED.parcel_guid",
                {guid, batch_id, dossier, child(c, "soVaoSo"), child(c, "soPhatHanh"), date_param(child(c, "ngayCap")), child(c, "mauGiayChungNhan"),
                 child(c, "banQuet"), child(c, "guidThuaDat")});
        tx.exec("DELETE FROM certificate_owners WHERE certificate_guid = $1", {guid});
        for (auto* o : children(c, "guidChuSuDung"))
          tx.exec("INSERT INTO certificate_owners VALUES ($1, $2)", {guid, o->innerText()});
        ++certificates;
      }
    }
  }
  Json receipt = {{"batch_id", batch_id},
                  {"status", "accepted"},
                  {"package_sha256", package_sha256},
                  {"station_id", manifest.value("station_id", "")},
                  {"signed_by", manifest.value("key_id", "")},
                  {"dossiers", manifest.at("dossiers").size()},
                  {"files", scans},
                  {"parcels", parcels},
                  {"owners", owners},
                  {"certificates", certificates}};
  auto now = tx.exec("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", {});
  receipt["received_at"] = PQgetvalue(now.r, 0, 0);
  tx.exec("INSERT INTO batches (batch_id, package_sha256, station_id, key_id, created_at, dossiers, files, receipt) VALUES ($1,$2,$3,$4,$5,$6::int,$7::int,$8::jsonb)",
          {batch_id, package_sha256, manifest.value("station_id", ""), manifest.value("key_id", ""), manifest.value("created_at", ""),
           std::to_string(manifest.at("dossiers").size()), std::to_string(scans), receipt.dump()});
  tx.commit();
  return receipt;
}

}  // namespace sohoa::exporter
