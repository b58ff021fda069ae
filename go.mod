module github.com/cgraph/cgraph

go 1.26.8
