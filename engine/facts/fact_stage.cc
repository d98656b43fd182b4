#include "facts/fact_stage.h"

namespace ksince {

FactStage::FactStage(Store& store) : store_(store) {
  store_.exec(
      "CREATE TEMP TABLE IF NOT EXISTS staged_presence(tag INTEGER, fact INTEGER, attrs TEXT, file TEXT, line INTEGER);"
      "CREATE TEMP TABLE IF NOT EXISTS staged_unknowns(tag INTEGER, extractor TEXT, file TEXT, line INTEGER, what TEXT);"
      "DELETE FROM staged_presence; DELETE FROM staged_unknowns;");
}

FactStage::~FactStage() {
  try {
    store_.exec("DELETE FROM staged_presence; DELETE FROM staged_unknowns;");
  } catch (...) {  // a destructor must not throw; the tables go with the connection
  }
}

void FactStage::add(size_t tag, const TreeFacts::Result& facts) {
  Store::Transaction t(store_);
  Stmt pres = store_.prepare("INSERT INTO staged_presence VALUES(?,?,?,?,?)");
  for (const TreeFacts::Found& f : facts.facts)
    pres.bind(1, int64_t(tag)).bind(2, int64_t(f.fact)).bind(3, f.detail->attrs.dump()).bind(4, f.detail->file)
        .bind(5, int64_t(f.detail->line)).run();
  Stmt unk = store_.prepare("INSERT INTO staged_unknowns VALUES(?,?,?,?,?)");
  for (const TreeFacts::Unknown& u : facts.unknowns)
    unk.bind(1, int64_t(tag)).bind(2, u.extractor->name()).bind(3, u.construct->file)
        .bind(4, int64_t(u.construct->line)).bind(5, u.construct->what).run();
  t.commit();
}

void FactStage::copy(size_t tag, int64_t tag_id, const std::vector<int64_t>& db_id, const std::string& facts_key) {
  store_.prepare("DELETE FROM fact_presence WHERE tag_id = ?").bind(1, tag_id).run();
  store_.prepare("DELETE FROM fact_unknowns WHERE tag_id = ?").bind(1, tag_id).run();
  store_.prepare("UPDATE tags SET facts_key = ? WHERE id = ?").bind(1, facts_key).bind(2, tag_id).run();
  Stmt pres = store_.prepare("INSERT INTO fact_presence(tag_id, fact_id, attrs, file, line) VALUES(?,?,?,?,?)");
  Stmt staged = store_.prepare("SELECT fact, attrs, file, line FROM staged_presence WHERE tag = ? ORDER BY rowid");
  for (Stmt& q = staged.bind(1, int64_t(tag)); q.step();)
    pres.bind(1, tag_id).bind(2, db_id.at(q.i64(0))).bind(3, q.text(1)).bind(4, q.text(2)).bind(5, q.i64(3)).run();
  Stmt unk = store_.prepare("INSERT INTO fact_unknowns(tag_id, extractor, file, line, what) VALUES(?,?,?,?,?)");
  Stmt staged_unk = store_.prepare("SELECT extractor, file, line, what FROM staged_unknowns WHERE tag = ? ORDER BY rowid");
  for (Stmt& q = staged_unk.bind(1, int64_t(tag)); q.step();)
    unk.bind(1, tag_id).bind(2, q.text(0)).bind(3, q.text(1)).bind(4, q.i64(2)).bind(5, q.text(3)).run();
}

std::string tag_facts_key(const Oid& tree, const std::string& fact_key) { return tree.hex() + "/" + fact_key; }

bool read_kept_facts(Store& store, const std::string& tag, const std::string& want, const KeptFact& on_fact,
                     const KeptUnknown& on_unknown) {
  Stmt q = store.prepare("SELECT id, facts_key FROM tags WHERE name = ?");
  q.bind(1, tag);
  if (!q.step() || q.text(1) != want) return false;
  int64_t id = q.i64(0);
  Stmt f = store.prepare(
      "SELECT d.kind, d.key FROM fact_presence p JOIN derived_facts d ON d.id = p.fact_id WHERE p.tag_id = ?");
  for (Stmt& r = f.bind(1, id); r.step();) on_fact(r.text(0), r.text(1));
  Stmt u = store.prepare("SELECT extractor, file, line, what FROM fact_unknowns WHERE tag_id = ? ORDER BY rowid");
  for (Stmt& r = u.bind(1, id); r.step();) on_unknown(r.text(0), r.text(1), r.i64(2), r.text(3));
  return true;
}

}  // namespace ksince
