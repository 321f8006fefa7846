import { LinkView } from '@app/links';

/** A TL object on one line: `contacts.myLinkRequested{contact:true}`. */
export function tl(value: { readonly _: string }): string {
  const fields = Object.entries(value).filter(([k]) => k !== '_');
  return fields.length === 0 ? value._ : `${value._}{${fields.map(([k, v]) => `${k}:${String(v)}`).join(',')}}`;
}

export function viewLine(view: LinkView): string {
  return `${view.owner} about ${view.peer}: my_link ${tl(view.myLink)}, foreign_link ${tl(view.foreignLink)}, user ${view.userKind}`;
}

export function viewJson(view: LinkView) {
  return { owner: view.owner, peer: view.peer, my_link: view.myLink, foreign_link: view.foreignLink, user: view.userKind };
}
