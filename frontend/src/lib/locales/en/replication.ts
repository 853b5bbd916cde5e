// English messages of the replication area: the changes of other desks
// that this desk refuses, on the system health page.
// Placeholders are written {name} and filled in by translate().
export const replication = {
  'refusals.title': 'Changes refused from other desks',
  'refusals.none': 'Every change received from other desks was accepted.',
  'refusals.alert': 'This desk refuses the changes of another desk. Until the cause is fixed, that desk and this one do not see each other’s changes.',
  'refusals.caption': 'The last refused change of each desk',
  'refusals.desk': 'Desk',
  'refusals.reason': 'Why',
  'refusals.when': 'Last refused',
  'refusals.count': 'Times',
  'refusals.change': 'change {seq}',

  'refusal.clock_ahead': 'Desk {desk}’s clock is {ahead} ahead of this desk’s. Set the clocks of both computers right; its changes are taken again once they agree.',
  'refusal.unknown_kind': 'Desk {desk} sent a kind of record this version of Innkeep does not know ({kind}). Update Innkeep on this desk.',
  'refusal.too_large': 'Desk {desk} sent a change ({kind}) larger than this desk accepts.',
  'refusal.gap': 'Changes of desk {desk} are missing: this desk waits for its change {expected}.',
  'refusal.own_origin': 'A change arrived under this desk’s own id ({desk}): another desk uses this desk’s id, e.g. a copied data folder.',
  'refusal.duplicate_differs': 'Two desks use the id {desk}: a copied data folder or a restored backup started as the same desk.',
  'refusal.append_only': 'Desk {desk} tried to change or delete a record that is never changed once written ({kind}).',
  'refusal.malformed': 'Desk {desk} sent a change this desk cannot read.',
  'refusal.failed': 'This desk could not store a change of desk {desk}.',
} as const;
