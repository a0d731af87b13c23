import { css } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

// Buttons, inputs, the focus ring, skeleton lines, notices and the wrapper's text reset come from
// `sharedStyles`; these are the card's own rules only.
export const customerCardStyles = [
  themeStyles,
  sharedStyles,
  css`
:host{display:block;container-type:inline-size}
[part=base]{box-sizing:border-box;min-block-size:var(--crm-customer-card-min-block-size,5rem);padding:var(--crm-customer-card-padding,var(--_space-m));background:var(--_color-surface);border:var(--_border-width) solid var(--_color-border);border-radius:var(--_radius)}
.head{display:flex;gap:var(--_space-m);align-items:center}
.title{flex:1;min-inline-size:0}
[part=avatar],[part=tier],[part=edit]{flex:none}
[part=avatar]{display:grid;place-items:center;inline-size:var(--crm-customer-card-avatar-size,3rem);block-size:var(--crm-customer-card-avatar-size,3rem);border-radius:50%;overflow:hidden;font-weight:600}
img{inline-size:100%;block-size:100%;object-fit:cover}
.tone-0{background:var(--_tone-0)}
.tone-1{background:var(--_tone-1)}
.tone-2{background:var(--_tone-2)}
.tone-3{background:var(--_tone-3)}
.tone-4{background:var(--_tone-4)}
.tone-5{background:var(--_tone-5)}
[part=tier],[part=tag]{padding-inline:var(--_space-s);border-radius:var(--_radius)}
[part=tier]{border:var(--_border-width) solid var(--_color-border)}
.premium{font-weight:600;border-color:currentColor}
[part=tags]{display:flex;flex-wrap:wrap;gap:var(--_space-xs);padding:0;list-style:none}
[part=tag]{background:var(--_color-skeleton)}
[part=tags],[part=details],[part=form]{margin:var(--_space-m) 0 0}
[part=details],[part=details] div,[part=conflict],[part=conflict] dl{display:grid;gap:var(--_space-s)}
[part=details] div{grid-template-columns:minmax(7rem,auto) 1fr;align-items:baseline}
dt,[part=tier],[part=tag],[part=hint],[part=field-error],label,.which{font-size:var(--_font-size-small)}
dt,[part=company],[part=hint],[readonly],.which{color:var(--_color-text-muted)}
dd,h2,h3,h4,p,[part=conflict] dl{margin:0}
dd,[part=tag],[part=name],[part=company],[part=field-error]{overflow-wrap:anywhere}
[part=email],[part=phone]{color:var(--_color-accent)}
@media (pointer:coarse){
  [part=email],[part=phone]{display:inline-flex;align-items:center;min-block-size:var(--_target-size)}
}
[part=name]{font-size:var(--_font-size-large);line-height:1.3}
[part=name],h3,h4,label,[part=difference] dt{font-weight:600}
[part=company]{margin-block-start:var(--_space-xs)}
[part=form]{display:grid;gap:var(--_space-m)}
h3,h4{font-size:var(--_font-size)}
[part=field]{display:grid;gap:var(--_space-xs);min-inline-size:0}
label{justify-self:start}
[part=input]{inline-size:100%;min-inline-size:0}
[part=field-error]{color:var(--_color-danger)}
.actions{display:flex;flex-wrap:wrap;gap:var(--_space-s)}
[part=conflict]{padding:var(--_space-m);border:var(--_border-width) solid var(--crm-customer-card-conflict-color,var(--_color-danger));border-inline-start-width:calc(var(--_border-width) * 4);border-radius:var(--_radius)}
[part=difference] dt{color:var(--_color-text)}
[part=difference] dd{white-space:pre-wrap}
.which{margin-inline-end:var(--_space-xs)}
@container (inline-size < 22rem){
  [part=details] div{grid-template-columns:1fr;gap:0}
  .head{flex-wrap:wrap}
  .actions .button{flex:1 1 100%}
}
`,
];
