package guest

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{}
