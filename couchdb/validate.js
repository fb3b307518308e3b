function (newDoc, oldDoc, userCtx) {
  // Taizhang: one immutable record per document (see docs/sync.md).
  var roles = userCtx.roles || [];
  var superuser = roles.indexOf('_admin') >= 0;
  var office = superuser || roles.indexOf('taizhang-office') >= 0;
  function refuse(why) { throw({ forbidden: why }); }
  if (newDoc._deleted) {
    if (superuser) return;
    refuse('records are never deleted');
  }
  var prefixes = { entry: 'e', correction: 'c', assignment: 'a', extension: 'x', closing: 'm', reminder: 'r' };
  var prefix = prefixes[newDoc.type];
  if (!prefix) refuse('unknown record type');
  var r = newDoc.record;
  if (!r || typeof r !== 'object' || typeof r.id !== 'string' || newDoc._id !== prefix + ':' + r.id) {
    refuse('the document id must be the record type and id');
  }
  if (typeof newDoc.plan !== 'string' || newDoc.plan === '') refuse('no plan');
  if (typeof r.recorded_at !== 'number') refuse('no recording time');
  if (typeof newDoc.unit !== 'string') refuse('no unit');
  if (oldDoc && !oldDoc._deleted && JSON.stringify(oldDoc.record) !== JSON.stringify(r)) {
    refuse('records never change');
  }
  var date = /^\d{4}-\d{2}-\d{2}$/;
  if (newDoc.type === 'entry') {
    if (typeof r.subject !== 'string' || !date.test(r.as_of)) refuse('an entry needs a subject and a date');
    if (['figure', 'milestone', 'health', 'note', 'tombstone'].indexOf(r.type) < 0) refuse('unknown entry type');
    if (r.type === 'figure' && (typeof r.value !== 'string' || !/^-?\d+(\.\d+)?$/.test(r.value))) {
      refuse('a figure is a decimal string');
    }
    if (r.type !== 'tombstone' && (r.unit || '') !== newDoc.unit) refuse('the unit must be the entry unit');
    if (office) return;
    if (newDoc.unit === '' || roles.indexOf('unit:' + newDoc.unit) < 0) {
      refuse('a department writes only the entries of its own unit');
    }
    return;
  }
  if (newDoc.type === 'extension') {
    if (!date.test(r.to) || typeof r.reason !== 'string' || r.reason.trim() === '' ||
        typeof r.approved_by !== 'string' || r.approved_by.trim() === '') {
      refuse('an extension needs a later date, a reason and an approver');
    }
  }
  if (newDoc.type === 'closing' && !/^\d{4}-\d{2}$/.test(r.month)) refuse('a closing needs a month');
  if (!office) refuse('only the office writes ' + newDoc.type + ' records');
}
