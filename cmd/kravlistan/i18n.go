package main

import "kravlistan/cmd/kravlistan/internal/i18n"

// ui is the catalogue of interface strings, built once; the web layer will receive it
// explicitly once it has its own package.
var ui = i18n.New()
